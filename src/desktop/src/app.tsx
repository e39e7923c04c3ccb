import { Desktop } from './components/desktop';
import { SignIn } from './components/sign-in';
import { SignedOut } from './components/signed-out';
import { useDesktop } from './hooks';
import type { DesktopSession } from './session';

export function App({ session }: { session: DesktopSession }) {
  const state = useDesktop(session);
  if (state.phase === 'ended') return <SignedOut session={session} state={state} />;
  if (state.phase === 'active' && state.user) return <Desktop session={session} state={state} />;
  return <SignIn session={session} state={state} />;
}
