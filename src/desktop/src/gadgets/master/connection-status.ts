import type { ConnectionState } from '../../finesse/connection-state.js';

// The statuses gadgets see on `finesse.info.connection` (gadget reference §3.2), mapped from the desktop's
// NotificationClient states as §3.3 [design] says: connecting → connecting; the first connected →
// connected; reconnecting → failing; connected again after that → recovered; failed → disconnected;
// stopped (sign-out, unload) → unloading.

export type HubConnectionStatus =
  | 'connecting'
  | 'connected'
  | 'disconnected'
  | 'disconnecting'
  | 'reconnecting'
  | 'unloading'
  | 'conflict'
  | 'unauthorized'
  | 'failing'
  | 'recovered';

export class ConnectionStatusMapper {
  private everConnected = false;
  private current: HubConnectionStatus = 'connecting';

  get status(): HubConnectionStatus {
    return this.current;
  }

  /** Takes the client's new state; returns the gadgets' status when it changed, else null. */
  apply(state: ConnectionState): HubConnectionStatus | null {
    const next = this.map(state);
    if (state === 'connected') this.everConnected = true;
    if (next === this.current) return null;
    this.current = next;
    return next;
  }

  private map(state: ConnectionState): HubConnectionStatus {
    switch (state) {
      case 'connecting':
        return 'connecting';
      case 'connected':
        return this.everConnected ? 'recovered' : 'connected';
      case 'reconnecting':
        return 'failing';
      case 'failed':
        return 'disconnected';
      case 'stopped':
        return 'unloading';
    }
  }
}
