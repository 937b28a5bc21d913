/** Downloads of the current filter's events: plain links, so the browser streams the server's file to disk. */
import type { FilterText } from '../core/filter-codec.js';
import { exportHref } from './api.js';

export function ExportLinks({ filter }: { filter: FilterText }) {
  return (
    <p class="exports">
      <a class="button" href={exportHref(filter, 'csv')} download="">
        Export CSV
      </a>
      <a class="button" href={exportHref(filter, 'ndjson')} download="">
        Export NDJSON
      </a>
    </p>
  );
}
