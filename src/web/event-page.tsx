/** One event in full, at /events/{seq}: what `activity show` prints, and the way back to the log as it was filtered. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FilterText } from '../core/filter-codec.js';
import { sanitize, sanitizeJson } from '../core/sanitize.js';
import { formatLocalTime } from '../core/time.js';
import { type Api, type ApiError, asApiError, problemText, type WebEvent } from './api.js';
import { ActionBadge, ResourceIcon, typeLabel } from './event-cells.js';
import { lookUpDeleted, type ResourceLink, resourceLink } from './resources.js';
import { logHref } from './route.js';
import { Text } from './text.js';
import { fullLocalTime, relativeTime, useNow } from './time.js';

export interface EventPageProps {
  api: Api;
  seq: number;
  /** The log's filter, for the way back. */
  filter: FilterText;
  linkTemplate: string | null;
}

type Loaded =
  | { state: 'loading' }
  | { state: 'found'; event: WebEvent; link: ResourceLink }
  | { state: 'failed'; error: ApiError };

export function EventPage({ api, seq, filter, linkTemplate }: EventPageProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    setLoaded({ state: 'loading' });
    (async () => {
      const event = await api.bySeq(seq, abort.signal);
      const deleted = await lookUpDeleted(api, [event], new Map(), abort.signal);
      if (!abort.signal.aborted) setLoaded({ state: 'found', event, link: resourceLink(event, linkTemplate, deleted) });
    })().catch((error: unknown) => {
      if (abort.signal.aborted) return;
      setLoaded({ state: 'failed', error: asApiError(error) });
    });
    return () => abort.abort();
  }, [api, seq, linkTemplate]);

  // The reader (and a screen reader) starts at the event, not at the top of the page they came from.
  useEffect(() => {
    if (loaded.state !== 'loading') heading.current?.focus();
  }, [loaded.state]);

  return (
    <div class="event-page">
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={logHref(filter)}>← Back to the Activity Log</a>
      </nav>
      {loaded.state === 'loading' ? (
        <p class="state" aria-busy="true">
          Loading event #{seq}…
        </p>
      ) : loaded.state === 'failed' ? (
        <div class="state error" role="alert">
          <h1 ref={heading} tabIndex={-1}>
            {loaded.error.status === 404 ? `No event #${seq}` : `Could not load event #${seq}`}
          </h1>
          <p>
            {loaded.error.status === 404
              ? 'This log has no event with that number: check the address, or find the event in the log.'
              : problemText(loaded.error)}
          </p>
        </div>
      ) : (
        <EventDetails event={loaded.event} link={loaded.link} heading={heading} />
      )}
    </div>
  );
}

interface EventDetailsProps {
  event: WebEvent;
  link: ResourceLink;
  heading: { current: HTMLHeadingElement | null };
}

function EventDetails({ event, link, heading }: EventDetailsProps) {
  const now = useNow();
  const at = Date.parse(event.time);
  const fields: [string, preact.ComponentChild][] = [
    ['When', `${fullLocalTime(at)} (${relativeTime(at, now)})`],
    ['Local time', formatLocalTime(at)],
    ['UTC (ISO 8601)', <time dateTime={event.time}>{event.time}</time>],
    ['User', <Text value={event.user} />],
    ['Type', `${typeLabel(event.type)} (${sanitize(event.type)})`],
    ['Name', <Text value={event.name} />],
    ['Resource ID', event.resourceId === null ? <None /> : <Text value={event.resourceId} />],
    ['Account', event.account === null ? <None /> : <Text value={event.account} />],
    ['Link', <ConsoleLink link={link} />],
    ['Event ID', <Text value={event.id} />],
    ['Seq', String(event.seq)],
    ['Hash', <code class="hash">{event.hash}</code>],
    [
      'Recorded by',
      event.recordedBy === undefined ? (
        'recorded directly into the store, not through a server'
      ) : (
        <>
          recorded by token <Text value={event.recordedBy} />
        </>
      ),
    ],
  ];
  return (
    <article class="event">
      <h1 ref={heading} tabIndex={-1} class="event-title">
        <ActionBadge action={event.action} /> <ResourceIcon event={event} link={link} />{' '}
        <Text class="event-name" value={event.name} />
      </h1>
      <dl class="fields">
        {fields.map(([label, value]) => (
          <div key={label} class="field-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>Details</h2>
      {event.details === null ? (
        <p>
          <None />
        </p>
      ) : (
        // Text, never markup; what JSON leaves raw that could disguise it (bidi controls) is escaped as JSON escapes.
        <pre class="details">{sanitizeJson(JSON.stringify(event.details, null, 2))}</pre>
      )}
    </article>
  );
}

function ConsoleLink({ link }: { link: ResourceLink }) {
  if (link.kind === 'deleted') return <span class="deleted">deleted — no link</span>;
  if (link.kind === 'none') {
    return (
      <None
        text={
          link.template
            ? 'no link (the console link template makes no http or https address of it)'
            : 'no link (the server has no console link template)'
        }
      />
    );
  }
  return (
    <a href={link.url} rel="external noreferrer">
      {sanitize(link.url)}
    </a>
  );
}

const None = ({ text = 'none' }: { text?: string }) => <span class="none">{text}</span>;
