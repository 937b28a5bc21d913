import type { FastifyRequest } from 'fastify';
import type { EventFilter } from '../core/filter.js';
import { filterFromParams, parseFilter } from '../core/filter-codec.js';

/**
 * The filter of a request's query string, read from the raw URL through the one codec
 * every front end uses (repeated terms are ORs; the schema has checked their shape).
 */
export function requestFilter(request: FastifyRequest, now: number): EventFilter {
  const at = request.url.indexOf('?');
  return parseFilter(filterFromParams(new URLSearchParams(at === -1 ? '' : request.url.slice(at + 1))), now);
}
