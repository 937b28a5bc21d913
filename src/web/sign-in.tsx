/**
 * Sign-in: a token (read scope or more) is sent once, in the request's body, and traded
 * for an HttpOnly session cookie. The page keeps no token: not in the address, not in storage.
 */
import { useState } from 'preact/hooks';
import { type Api, type ApiError, asApiError, problemText } from './api.js';

export interface SignInProps {
  api: Api;
  /** Why the reader is asked again (the session ended), if so. */
  notice: string | undefined;
  onSignedIn(): void;
}

export function SignIn({ api, notice, onSignedIn }: SignInProps) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await api.signIn(token);
      setToken('');
      onSignedIn();
    } catch (error) {
      setProblem(asApiError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" tabIndex={-1}>
        Sign in to the Activity Log
      </h1>
      {/* An alert is read out as it appears: the reader learns why the page asks again. */}
      {notice !== undefined && (
        <p class="notice" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label for="token">Access token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={token}
          aria-describedby="token-help"
          aria-invalid={problem !== undefined}
          aria-errormessage={problem === undefined ? undefined : 'token-problem'}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <p id="token-help" class="help">
          A token with read scope, made by an admin with <code>activity token create --scope read</code>. It is traded
          for a session that lasts 8 hours; the page does not keep the token.
        </p>
        <p id="token-problem" class="problem" role="alert">
          {problem !== undefined && problemText(problem)}
        </p>
        <button type="submit">{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </section>
  );
}
