/**
 * The resource types' icons, drawn here rather than fetched: the page makes no request
 * to any other origin, and these are a few hundred bytes. Decorative: each use names the
 * type in text beside it.
 */
const PATHS = new Map<string, string>(
  Object.entries({
    cluster: 'M12 2.5l8.2 4.75v9.5L12 21.5l-8.2-4.75v-9.5zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
    project: 'M3 6.5h6.5l2 2H21v10.5H3z',
    environment: 'M12 3l9 5-9 5-9-5zM3 12.5l9 5 9-5M3 16.5l9 5 9-5',
    service:
      'M12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1',
    job: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3.5 2.5',
    deployment: 'M12 3.5v12M6.5 9l5.5-5.5L17.5 9M4 20.5h16',
    dependency:
      'M10 14a4 4 0 0 1 0-5.66l3-3a4 4 0 0 1 5.66 5.66l-1.5 1.5M14 10a4 4 0 0 1 0 5.66l-3 3a4 4 0 0 1-5.66-5.66l1.5-1.5',
    'variable-group':
      'M8.5 4H7.5a2 2 0 0 0-2 2v4l-2 2 2 2v4a2 2 0 0 0 2 2h1M15.5 4h1a2 2 0 0 1 2 2v4l2 2-2 2v4a2 2 0 0 1-2 2h-1',
    domain: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3.2 3 3.2 15 0 18M12 3c-3.2 3-3.2 15 0 18',
    'node-pool': 'M4 4h16v6.5H4zM4 13.5h16V20H4zM7.5 7.25h2M7.5 16.75h2',
    volume:
      'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
    provider: 'M7 18.5a4 4 0 0 1-.6-7.95A6 6 0 0 1 17.8 9.5 4.5 4.5 0 0 1 17.5 18.5z',
    user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-6 8-6s8 2 8 6',
  }),
);

/** A value no store writes (a row edited by hand) still gets a shape. */
const UNKNOWN = 'M4 4h16v16H4z';

export function TypeIcon({ type }: { type: string }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS.get(type) ?? UNKNOWN} />
    </svg>
  );
}
