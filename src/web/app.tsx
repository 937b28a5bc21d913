/**
 * The page: who is signed in decides between the sign-in and the log; the address
 * decides between the log and one event. The log stays mounted while an event is open,
 * so that coming back finds it as it was left: its pages, its place, its live stream.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FilterText } from '../core/filter-codec.js';
import { LOG_FIRST_PAGE } from '../core/page-request.js';
import { Api, type ApiError, asApiError, problemText, type Session } from './api.js';
import { EventPage } from './event-page.js';
import { LogPage } from './log-page.js';
import { followLinksInPage, logHref, type Route, routeOf, useRoute } from './route.js';
import { SignIn } from './sign-in.js';
import { NowProvider } from './time.js';

type Auth =
  | { state: 'checking' }
  | { state: 'signed-out'; notice?: string }
  | { state: 'signed-in'; session: Session }
  | { state: 'unreachable'; error: ApiError };

export function App() {
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const route = useRoute();
  const checkSession = (asked: Promise<Session | null>) =>
    asked.then(
      (session) => setAuth(session === null ? { state: 'signed-out' } : { state: 'signed-in', session }),
      (error: unknown) => setAuth({ state: 'unreachable', error: asApiError(error) }),
    );
  // Asked at the first render, not after the first paint: the server's HTML preloads both
  // (the log's first page beside the session check: if signed in, the rows are on their way).
  const api = useMemo(() => {
    const api = new Api(() => setAuth({ state: 'signed-out', notice: 'Your session has ended: sign in again.' }));
    void checkSession(api.session());
    if (route.page === 'log') api.prefetch(route.filter, LOG_FIRST_PAGE);
    return api;
  }, []);
  useEffect(followLinksInPage, []);

  // Signed in or out from the other: the keyboard's focus goes on to the new page's heading, not to the top of the document.
  const previous = useRef(auth.state);
  useEffect(() => {
    const from = previous.current;
    previous.current = auth.state;
    if (
      (from === 'signed-out' && auth.state === 'signed-in') ||
      (from === 'signed-in' && auth.state === 'signed-out')
    ) {
      document.querySelector<HTMLElement>('main h1')?.focus();
    }
  }, [auth.state]);

  const [signOutProblem, setSignOutProblem] = useState<ApiError | undefined>(undefined);
  const signOut = async () => {
    try {
      await api.signOut();
    } catch (error) {
      // The session is still open unless the server says it is gone (401): the page must not say otherwise.
      const problem = asApiError(error);
      if (problem.status !== 401) {
        setSignOutProblem(problem);
        return;
      }
    }
    setSignOutProblem(undefined);
    setAuth({ state: 'signed-out' });
  };

  return (
    <>
      <header class="top">
        <a class="skip" href="#main">
          Skip to the content
        </a>
        <a class="brand" href={logHref({})}>
          <img src="/assets/favicon.svg" alt="" width="20" height="20" />
          activity
        </a>
        {auth.state === 'signed-in' && (
          <>
            <nav aria-label="Main">
              <a href={logHref({})} aria-current={route.page === 'log' ? 'page' : undefined}>
                Activity Log
              </a>
            </nav>
            <p class="who">
              <span class="who-name">
                Signed in with token <strong>{auth.session.name ?? ''}</strong>
              </span>
              <button type="button" onClick={signOut}>
                Sign out
              </button>
            </p>
          </>
        )}
        {auth.state === 'signed-in' && signOutProblem !== undefined && (
          <p class="problem" role="alert">
            {`Could not sign out: you are still signed in. ${problemText(signOutProblem)}`}
          </p>
        )}
      </header>
      <main id="main">
        {auth.state === 'checking' ? (
          <p class="state" aria-busy="true">
            Loading…
          </p>
        ) : auth.state === 'unreachable' ? (
          <div class="state error" role="alert">
            <p>{`Could not reach the server. ${problemText(auth.error)}`}</p>
            <button type="button" onClick={() => checkSession(api.session())}>
              Try again
            </button>
          </div>
        ) : auth.state === 'signed-out' ? (
          <SignIn api={api} notice={auth.notice} onSignedIn={() => checkSession(api.session())} />
        ) : (
          <NowProvider>
            <Pages api={api} route={route} session={auth.session} />
          </NowProvider>
        )}
      </main>
    </>
  );
}

function Pages({ api, route, session }: { api: Api; route: Route; session: Session }) {
  const [users, setUsers] = useState<string[] | undefined>(undefined);
  useEffect(() => {
    api.users().then(setUsers, () => setUsers([]));
  }, [api]);
  // Read again when the list is opened: new users appear as events are recorded.
  const refreshUsers = () => api.users().then(setUsers, () => undefined);

  useEffect(() => {
    document.title =
      route.page === 'event'
        ? `Event #${route.seq} · Activity Log`
        : route.page === 'missing'
          ? 'No such page · Activity Log'
          : 'Activity Log';
  }, [route]);

  // The log last shown, kept (hidden) while an event is open.
  const lastLog = useRef<FilterText | undefined>(undefined);
  if (route.page === 'log') lastLog.current = route.filter;
  const logFilter = lastLog.current;
  useScrollKeeper(route);

  return (
    <>
      {logFilter !== undefined && (
        <div hidden={route.page !== 'log'}>
          <LogPage
            api={api}
            filter={logFilter}
            linkTemplate={session.linkTemplate}
            users={users}
            onUsersWanted={refreshUsers}
          />
        </div>
      )}
      {route.page === 'event' && (
        <EventPage api={api} seq={route.seq} filter={route.filter} linkTemplate={session.linkTemplate} />
      )}
      {route.page === 'missing' && (
        <div class="state">
          <h1>No such page</h1>
          <p>
            This address is not a page of the Activity Log. <a href={logHref(route.filter)}>Go to the log</a>.
          </p>
        </div>
      )}
    </>
  );
}

/**
 * An event opens at the top of the page; the way back finds the log scrolled where it
 * was, and the keyboard's focus on the event's row. The place is noted as the reader
 * scrolls: once the log is hidden, the shorter page has already lost it.
 */
function useScrollKeeper(route: Route) {
  const logScroll = useRef(0);
  const previous = useRef<Route>(route);
  useEffect(() => {
    // The browser's own restoring would scroll a page whose log is not shown yet.
    history.scrollRestoration = 'manual';
    const note = () => {
      if (routeOf(location).page === 'log') logScroll.current = window.scrollY;
    };
    window.addEventListener('scroll', note, { passive: true });
    return () => window.removeEventListener('scroll', note);
  }, []);
  useLayoutEffect(() => {
    const from = previous.current;
    previous.current = route;
    if (from === route || from.page === route.page) return;
    if (route.page !== 'log') {
      window.scrollTo(0, 0);
      return;
    }
    window.scrollTo(0, logScroll.current);
    if (from.page === 'event') {
      document
        .querySelector<HTMLElement>(`.log tr[data-seq="${from.seq}"] .resource-name`)
        ?.focus({ preventScroll: true });
    }
  }, [route]);
}
