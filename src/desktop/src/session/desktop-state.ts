import type { Dialog, MediaPropertiesLayout, QueueStats, ReasonCode, SystemInfo, Team, TeamMessage, User, WrapUpReason } from '../finesse/model';
import type { ConnectionStatus } from '../finesse/notifications';

/** `admin`: an administrator who is no agent, in the admin console (no extension, no notifications). */
export type Phase = 'signin' | 'signing-in' | 'active' | 'admin' | 'ended';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface RecentCall {
  id: string;
  number: string;
  direction: 'in' | 'out';
  start: number;
  end: number;
}

/** Which node of a cluster the desktop is on, and which one it tries while its connection is lost (shown in the top bar). */
export interface NodeStatus {
  current: string;
  /** The node the desktop is trying (or about to try) while the connection is lost; null while connected. */
  trying: string | null;
}

export interface Ended {
  reason: string;
  reasonCodeId: string;
}

export interface DesktopState {
  phase: Phase;
  signInError: string | null;
  prefill: { id: string; extension: string };
  user: User | null;
  extension: string;
  system: SystemInfo | null;
  connection: ConnectionStatus;
  /** null: the server runs alone (no other node to go to). */
  node: NodeStatus | null;
  notReadyCodes: ReasonCode[];
  logoutCodes: ReasonCode[];
  wrapUps: WrapUpReason[];
  layout: MediaPropertiesLayout;
  dialogs: Dialog[];
  recent: RecentCall[];
  /** Supervised teams currently shown (and subscribed). */
  teams: Team[];
  teamViewOpen: boolean;
  /** null: the server has no queue statistics for this user */
  queues: QueueStats[] | null;
  notices: Notice[];
  /** The current messages to the user's team (and supervised teams), oldest first. */
  teamMessages: TeamMessage[];
  ended: Ended | null;
}

/** The call-variable layout until the server answers the user's (and when it has no MediaPropertiesLayout API). */
export const DEFAULT_LAYOUT: MediaPropertiesLayout = {
  header: [
    { displayName: 'Call type', mediaProperty: 'callType' },
    { displayName: 'Dialed number', mediaProperty: 'DNIS' },
    { displayName: 'Queue', mediaProperty: 'queueName' },
  ],
  columns: [
    [1, 2, 3, 4, 5].map((n) => ({ displayName: `Variable ${n}`, mediaProperty: `callVariable${n}` })),
    [6, 7, 8, 9, 10].map((n) => ({ displayName: `Variable ${n}`, mediaProperty: `callVariable${n}` })),
  ],
};

/** The sign-in screen, with the ID and extension last used in this tab. */
export function initialState(prefill: { id: string; extension: string }): DesktopState {
  return {
    phase: 'signin',
    signInError: null,
    prefill,
    user: null,
    extension: '',
    system: null,
    connection: { state: 'stopped' },
    node: null,
    notReadyCodes: [],
    logoutCodes: [],
    wrapUps: [],
    layout: DEFAULT_LAYOUT,
    dialogs: [],
    recent: [],
    teams: [],
    teamViewOpen: true,
    queues: null,
    notices: [],
    teamMessages: [],
    ended: null,
  };
}
