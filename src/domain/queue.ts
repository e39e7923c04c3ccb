import type { AgentStatus, UserAccount } from './model.js';

/** An ACD queue (a CCE skill group / precision queue): dialed numbers route calls to its member agents. */
export interface Queue {
  id: string;
  name: string;
  dialedNumbers: readonly string[];
  /** Every agent of these teams is a member. */
  teamIds: readonly string[];
  /** Further individual members, by loginId. */
  agentIds: readonly string[];
  /** Seconds an offered call rings before the agent is made NOT_READY (32767) and the call re-queued. */
  ringNoAnswerSeconds: number;
  /** Seconds a call may wait unanswered in the queue before it is cleared; 0 = no limit. */
  maxQueueTimeSeconds: number;
}

export interface QueueStatistics {
  callsInQueue: number;
  /** Epoch ms at which the longest waiting call entered the queue; null when the queue is empty. */
  startTimeOfLongestCallInQueue: number | null;
  agentsReady: number;
  agentsNotReady: number;
  agentsBusyOther: number;
  agentsLoggedOn: number;
  agentsTalkingInbound: number;
  agentsTalkingOutbound: number;
  agentsTalkingInternal: number;
  agentsWrapUpNotReady: number;
  agentsWrapUpReady: number;
}

export type TalkDirection = 'inbound' | 'outbound' | 'internal';

export function isQueueMember(queue: Queue, user: UserAccount): boolean {
  return (user.teamId !== null && queue.teamIds.includes(user.teamId)) || queue.agentIds.includes(user.loginId);
}

/**
 * Statistics from the live model. An agent talking counts by the direction of his call; RESERVED
 * (a call ringing) counts as busy on other work.
 */
export function queueStatistics(members: readonly { status: AgentStatus; talking: TalkDirection | null }[], waitingSince: readonly number[]): QueueStatistics {
  const stats: QueueStatistics = {
    callsInQueue: waitingSince.length,
    startTimeOfLongestCallInQueue: waitingSince.length === 0 ? null : Math.min(...waitingSince),
    agentsReady: 0,
    agentsNotReady: 0,
    agentsBusyOther: 0,
    agentsLoggedOn: 0,
    agentsTalkingInbound: 0,
    agentsTalkingOutbound: 0,
    agentsTalkingInternal: 0,
    agentsWrapUpNotReady: 0,
    agentsWrapUpReady: 0,
  };
  for (const { status, talking } of members) {
    if (status.state === 'LOGOUT') continue;
    stats.agentsLoggedOn++;
    switch (status.state) {
      case 'READY':
        stats.agentsReady++;
        break;
      case 'NOT_READY':
        stats.agentsNotReady++;
        break;
      case 'WORK':
        stats.agentsWrapUpNotReady++;
        break;
      case 'WORK_READY':
        stats.agentsWrapUpReady++;
        break;
      case 'TALKING':
      case 'HOLD':
        if (talking === 'outbound') stats.agentsTalkingOutbound++;
        else if (talking === 'internal') stats.agentsTalkingInternal++;
        else stats.agentsTalkingInbound++;
        break;
      default:
        stats.agentsBusyOther++;
    }
  }
  return stats;
}
