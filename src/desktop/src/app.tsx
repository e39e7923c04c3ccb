import { useState } from 'preact/hooks';
import { AdminConsole } from './admin/console';
import { Desktop } from './components/desktop';
import { SignIn } from './components/sign-in';
import { SignedOut } from './components/signed-out';
import { useDesktop } from './hooks';
import { type DesktopSession, isAdministrator } from './session';

export function App({ session }: { session: DesktopSession }) {
  const state = useDesktop(session);
  // An administrator who is also an agent opens the console from his desktop.
  const [adminOpen, setAdminOpen] = useState(false);
  if (state.phase === 'ended') return <SignedOut session={session} state={state} />;
  const rest = session.rest;
  if (state.user && rest && isAdministrator(state.user) && (state.phase === 'admin' || (state.phase === 'active' && adminOpen))) {
    const close = state.phase === 'active' ? () => setAdminOpen(false) : undefined;
    return <AdminConsole rest={rest} user={state.user} onSignOut={() => void session.signOut()} onClose={close} />;
  }
  if (state.phase === 'active' && state.user) return <Desktop session={session} state={state} onOpenAdmin={() => setAdminOpen(true)} />;
  return <SignIn session={session} state={state} />;
}
