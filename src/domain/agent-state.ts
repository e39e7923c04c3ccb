export const AGENT_STATES = [
  'LOGOUT',
  'NOT_READY',
  'READY',
  'RESERVED',
  'RESERVED_OUTBOUND',
  'RESERVED_OUTBOUND_PREVIEW',
  'TALKING',
  'HOLD',
  'WORK',
  'WORK_READY',
  'UNKNOWN',
] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** The states a client may ask for in `PUT /User/{id}`. */
export const REQUESTABLE_STATES = ['LOGIN', 'READY', 'NOT_READY', 'LOGOUT'] as const;
export type RequestableState = (typeof REQUESTABLE_STATES)[number];

/** States that a READY / NOT_READY / LOGOUT request only marks as pending until the call ends. */
export const PENDING_CAPABLE_STATES: ReadonlySet<AgentState> = new Set(['TALKING', 'HOLD', 'RESERVED_OUTBOUND_PREVIEW']);

export function isAgentState(value: string): value is AgentState {
  return (AGENT_STATES as readonly string[]).includes(value);
}

export function isRequestableState(value: string): value is RequestableState {
  return (REQUESTABLE_STATES as readonly string[]).includes(value);
}
