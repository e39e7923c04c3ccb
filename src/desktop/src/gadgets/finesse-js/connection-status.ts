// The notification connection status as the master reports it on `finesse.info.connection` (gadget
// reference §3.2–3.4), turned into ClientServices' handler calls. The master answers every gadget's
// ConnectionInfoReq on the shared topic, so the same status arrives again and again: connect handlers fire
// only on the way into connected/recovered, disconnect handlers only on the way out, the others only when
// the status changes.
import { callSafely } from './gadgets-api.js';

export type StatusHandlerKind = 'connect' | 'disconnect' | 'connecting' | 'disconnecting' | 'reconnecting' | 'unloading';

type Handler = () => void;

const UP: ReadonlySet<string> = new Set(['connected', 'recovered']);
const DOWN: ReadonlySet<string> = new Set(['failing', 'disconnected', 'conflict', 'unauthorized']);
const ON_CHANGE: Readonly<Record<string, StatusHandlerKind>> = {
  connecting: 'connecting',
  disconnecting: 'disconnecting',
  reconnecting: 'reconnecting',
  unloading: 'unloading',
};

export class ConnectionStatus {
  /** The last status received ('' before the first). */
  status = '';
  connected = false;
  private readonly handlers: Record<StatusHandlerKind, Handler[]> = {
    connect: [],
    disconnect: [],
    connecting: [],
    disconnecting: [],
    reconnecting: [],
    unloading: [],
  };

  /** A connect handler registered once the connection is known to be up runs at once, asynchronously. */
  register(kind: StatusHandlerKind, handler: unknown): void {
    if (typeof handler !== 'function') return;
    const fn = handler as Handler;
    this.handlers[kind].push(fn);
    if (kind === 'connect' && this.connected) {
      setTimeout(() => {
        if (this.connected && this.handlers.connect.includes(fn)) callSafely(fn);
      }, 0);
    }
  }

  unregister(kind: StatusHandlerKind, handler: unknown): void {
    this.handlers[kind] = this.handlers[kind].filter((fn) => fn !== handler);
  }

  update(status: string): void {
    const previous = this.status;
    this.status = status;
    if (UP.has(status)) {
      if (this.connected) return;
      this.connected = true;
      this.fire('connect');
    } else if (DOWN.has(status)) {
      if (!this.connected) return;
      this.connected = false;
      this.fire('disconnect');
    } else {
      const kind = ON_CHANGE[status];
      if (kind && status !== previous) this.fire(kind);
    }
  }

  private fire(kind: StatusHandlerKind): void {
    for (const handler of [...this.handlers[kind]]) callSafely(handler);
  }
}
