import { useEffect, useRef } from 'preact/hooks';
import type { DesktopSession, DesktopState } from '../session';

export function SignedOut({ session, state }: { session: DesktopSession; state: DesktopState }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <main class="signin-page">
      <section class="signin card signed-out" aria-labelledby="signed-out-title">
        <h1 id="signed-out-title">You have been signed out</h1>
        <p class="signed-out-reason" role="alert" data-reason-code={state.ended?.reasonCodeId ?? ''}>
          {state.ended?.reason}
        </p>
        {state.user && (
          <p class="muted">
            {state.user.firstName} {state.user.lastName} ({state.user.loginId})
          </p>
        )}
        <button ref={button} type="button" class="primary" onClick={() => session.backToSignIn()}>
          Sign in again
        </button>
      </section>
    </main>
  );
}
