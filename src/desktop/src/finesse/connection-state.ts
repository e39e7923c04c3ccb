/** The notification client's connection states (kept apart from the client so that code without Strophe can name them). */

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'stopped';

export interface ConnectionStatus {
  state: ConnectionState;
  /** When reconnecting: epoch ms of the next attempt. */
  retryAt?: number;
  /** When reconnecting: the number of the next attempt (0 the first after the connection was lost). */
  attempt?: number;
  /** Human-readable cause of the last drop or failure. */
  detail?: string;
}
