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
  offline: 'Offline: the server is not answering (is activity serve running?). Retrying…',
};

export function LiveControl({ connection, paused, waiting, onToggle }: LiveControlProps) {
  return (
    <div class="live">
      <output class={`live-state live-${paused ? 'paused' : connection}`}>
        {paused ? `Paused${waiting > 0 ? `: ${waiting} new` : ''}` : STATES[connection]}
      </output>
      {/* The label says what a press does; no aria-pressed beside it, which would contradict it. */}
      <button type="button" onClick={onToggle}>
        {paused ? (waiting > 0 ? `Resume and show ${waiting} new` : 'Resume live updates') : 'Pause live updates'}
      </button>
    </div>
  );
}
