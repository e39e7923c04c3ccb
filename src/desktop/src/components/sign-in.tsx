import { useEffect, useRef, useState } from 'preact/hooks';
import type { DesktopSession, DesktopState } from '../session';
import { Notices } from './notices';

export function SignIn({ session, state }: { session: DesktopSession; state: DesktopState }) {
  const [id, setId] = useState(state.prefill.id);
  const [password, setPassword] = useState('');
  const [extension, setExtension] = useState(state.prefill.extension);
  const busy = state.phase === 'signing-in';
  const first = useRef<HTMLInputElement>(null);
  const errorId = 'signin-error';

  useEffect(() => {
    setId(state.prefill.id);
    setExtension(state.prefill.extension);
  }, [state.prefill.id, state.prefill.extension]);
  useEffect(() => first.current?.focus(), []);

  const submit = (e: Event) => {
    e.preventDefault();
    void session.signIn(id, password, extension);
  };

  return (
    <main class="signin-page">
      <form class="signin card" onSubmit={submit} aria-labelledby="signin-title" aria-describedby={state.signInError ? errorId : undefined} noValidate>
        <div class="brand-line">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="28" height="28" />
          <span>openfinesse</span>
        </div>
        <h1 id="signin-title">Sign in to the desktop</h1>
        <Notices session={session} notices={state.notices} />
        <label for="signin-id">ID</label>
        <input id="signin-id" ref={first} name="username" autocomplete="username" value={id} disabled={busy} onInput={(e) => setId(e.currentTarget.value)} />
        <label for="signin-password">Password</label>
        <input
          id="signin-password"
          type="password"
          name="password"
          autocomplete="current-password"
          value={password}
          disabled={busy}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <label for="signin-extension">Extension</label>
        <input
          id="signin-extension"
          name="extension"
          inputMode="numeric"
          autocomplete="off"
          value={extension}
          disabled={busy}
          aria-describedby="signin-extension-help"
          onInput={(e) => setExtension(e.currentTarget.value)}
        />
        <p id="signin-extension-help" class="muted hint">
          Administrators sign in to the admin console without one.
        </p>
        {state.signInError && (
          <p id={errorId} class="form-error" role="alert">
            {state.signInError}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
