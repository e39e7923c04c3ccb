import { isAdministrator, isSupervisor, type DesktopSession, type DesktopState } from '../session';
import { AgentStatePanel } from './agent-state';
import { Calls } from './calls';
import { ConnectionBadge, NodeBadge } from './connection';
import { DialPad } from './dial-pad';
import { Notices } from './notices';
import { RecentCalls } from './recent-calls';
import { TeamMessageForm, TeamMessages } from './team-messages';
import { TeamView } from './team-view';

export function Desktop({ session, state, onOpenAdmin }: { session: DesktopSession; state: DesktopState; onOpenAdmin: () => void }) {
  const user = state.user!;
  return (
    <div class="desktop">
      <header class="topbar">
        <div class="brand-line">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="24" height="24" />
          <span>openfinesse</span>
        </div>
        <div class="who">
          <strong data-testid="user-name">
            {user.firstName} {user.lastName}
          </strong>
          <span class="muted">
            {' '}
            · {user.loginId} · Ext. {state.extension}
            {user.teamName ? ` · ${user.teamName}` : ''}
            {isSupervisor(user) ? ' · Supervisor' : ''}
          </span>
        </div>
        <ConnectionBadge status={state.connection} />
        <NodeBadge node={state.node} connection={state.connection} />
        {isAdministrator(user) && (
          <button type="button" class="secondary" onClick={onOpenAdmin}>
            Administration
          </button>
        )}
        <button type="button" class="secondary" onClick={() => void session.signOut()}>
          Sign out
        </button>
      </header>
      <Notices session={session} notices={state.notices} />
      <TeamMessages messages={state.teamMessages} />
      <main class="layout">
        <div class="column side">
          <AgentStatePanel session={session} state={state} />
          <DialPad session={session} state={state} />
          <RecentCalls session={session} state={state} />
          <TeamMessageForm session={session} state={state} />
        </div>
        <div class="column wide">
          <Calls session={session} state={state} />
          {isSupervisor(user) && <TeamView session={session} state={state} />}
        </div>
      </main>
    </div>
  );
}
