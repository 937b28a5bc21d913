/** Whether new events are arriving, and the control that holds them back while the reader reads. */
import type { Connection } from './live-stream.js';

export interface LiveControlProps {
  connection: Connection;
  paused: boolean;
  /** Events held while paused. */
  waiting: number;
  onToggle(): void;
}

const STATES: Record<Connection, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline: retrying',
};

export function LiveControl({ connection, paused, waiting, onToggle }: LiveControlProps) {
  return (
    <div class="live">
      <span class={`live-state live-${paused ? 'paused' : connection}`}>
        {paused ? `Paused${waiting > 0 ? `: ${waiting} new` : ''}` : STATES[connection]}
      </span>
      <button type="button" aria-pressed={paused} onClick={onToggle}>
        {paused ? (waiting > 0 ? `Resume and show ${waiting} new` : 'Resume live updates') : 'Pause live updates'}
      </button>
    </div>
  );
}
