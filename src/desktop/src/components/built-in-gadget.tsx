import type { BuiltInGadget } from '../gadgets/protocol';
import { isSupervisor, type DesktopSession, type DesktopState } from '../session';
import { AgentStatePanel } from './agent-state';
import { Calls } from './calls';
import { DialPad } from './dial-pad';
import { QueueStatistics } from './queue-statistics';
import { RecentCalls } from './recent-calls';
import { TeamMessageForm } from './team-messages';
import { TeamView } from './team-view';

interface Props {
  name: BuiltInGadget;
  session: DesktopSession;
  state: DesktopState;
}

/**
 * Finesse's own gadgets (gadget reference §6), drawn by the desktop's components. The header ones
 * (logo, identity, agent voice state) are the desktop's top bar already, so they draw nothing here.
 */
export function BuiltInGadgetView({ name, session, state }: Props) {
  switch (name) {
    case 'callControl':
      return (
        <div class="layout call-control" data-builtin="callControl">
          <div class="column side">
            <AgentStatePanel session={session} state={state} />
            <DialPad session={session} state={state} />
          </div>
          <div class="column wide">
            <Calls session={session} state={state} />
          </div>
        </div>
      );
    case 'teamPerformance':
      return isSupervisor(state.user) ? <TeamView session={session} state={state} /> : null;
    case 'queueStatistics':
      return <QueueStatistics state={state} />;
    case 'recentCallHistory':
      return <RecentCalls session={session} state={state} />;
    case 'teamMessage':
      return <TeamMessageForm session={session} state={state} />;
    case 'recentStateHistory':
    case 'logo':
    case 'agentVoiceState':
    case 'identity':
      return null;
  }
}
