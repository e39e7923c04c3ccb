/** The Finesse objects the desktop reads, as plain data (see the reference §4, §6, §7, §8). */

export type AgentState =
  | 'LOGOUT'
  | 'NOT_READY'
  | 'READY'
  | 'RESERVED'
  | 'RESERVED_OUTBOUND'
  | 'RESERVED_OUTBOUND_PREVIEW'
  | 'TALKING'
  | 'HOLD'
  | 'WORK'
  | 'WORK_READY'
  | 'UNKNOWN';

export interface ReasonCodeRef {
  id: string;
  category: string;
  code: string;
  label: string;
}

export interface TeamRef {
  id: string;
  name: string;
}

export interface User {
  loginId: string;
  loginName: string;
  firstName: string;
  lastName: string;
  roles: string[];
  state: AgentState;
  /** epoch ms, or null when the server does not know. */
  stateChangeTime: number | null;
  pendingState: string;
  reasonCodeId: string;
  reasonCode: ReasonCodeRef | null;
  extension: string;
  teamId: string;
  teamName: string;
  wrapUpOnIncoming: string;
  wrapUpOnOutgoing: string;
  /** Supervised teams. */
  teams: TeamRef[];
}

/** A supervisor's message to a team (12.0+ TeamMessage). */
export interface TeamMessage {
  id: string;
  content: string;
  /** epoch ms */
  createdAt: number;
  /** seconds it is shown */
  duration: number;
  createdBy: string;
  teams: string[];
}

export interface ReasonCode {
  id: string;
  category: 'NOT_READY' | 'LOGOUT';
  code: string;
  label: string;
}

export interface WrapUpReason {
  id: string;
  label: string;
}

/** A live node of a cluster, from openfinesse's own `openfinesseNodes` element of SystemInfo (null ports: that listener is off). */
export interface ClusterNode {
  nodeId: string;
  host: string;
  /** The node that answered. */
  thisNode: boolean;
  httpPort: number | null;
  httpsPort: number | null;
  boshPort: number | null;
  boshTlsPort: number | null;
}

export interface SystemInfo {
  xmppDomain: string;
  xmppPubSubDomain: string;
  status: string;
  deploymentType: string;
  /** server time minus local time, in ms, when SystemInfo was read */
  clockSkew: number;
  /** The live nodes of a cluster, this one among them; empty from a server that runs alone. */
  nodes: ClusterNode[];
}

export interface Participant {
  mediaAddress: string;
  mediaAddressType: string;
  state: string;
  stateCause: string;
  actions: string[];
  startTime: number | null;
  stateChangeTime: number | null;
}

export interface CallVariable {
  name: string;
  value: string;
}

export interface Dialog {
  id: string;
  uri: string;
  state: string;
  fromAddress: string;
  toAddress: string;
  associatedDialogUri: string;
  callType: string;
  /** Every scalar child of mediaProperties except callvariables, by element name. */
  properties: Record<string, string>;
  callVariables: CallVariable[];
  participants: Participant[];
}

export interface Team {
  id: string;
  name: string;
  users: User[];
}

export interface QueueStats {
  id: string;
  name: string;
  stats: Record<string, string>;
}

export interface ApiError {
  type: string;
  message: string;
  data: string;
}

export interface LayoutEntry {
  displayName: string;
  mediaProperty: string;
}

export interface MediaPropertiesLayout {
  header: LayoutEntry[];
  columns: LayoutEntry[][];
}

/** One decoded `<Update>` notification (reference §9.5). */
export interface Update {
  node: string;
  event: string;
  requestId: string;
  source: string;
  /** The single element inside `<data>`, or null. */
  data: Element | null;
}
