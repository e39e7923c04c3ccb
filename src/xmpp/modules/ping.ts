import { escapeXml } from '../../xml/escape.js';
import type { IqRouter } from '../iq-router.js';
import { NS } from '../namespaces.js';
import type { Clock, Timer } from '../ports.js';
import type { SessionHandle } from '../session-api.js';
import type { DiscoModule } from './disco.js';

/** What keep-alive needs of a session: when it was last heard from, and its own ping counter. */
export interface PingableSession extends SessionHandle {
  readonly lastActivity: number;
  pingOutstanding: boolean;
  pingSequence: number;
}

/** XEP-0199: pings to the server and to the account are answered with an empty result. */
export function registerPing<S extends SessionHandle>(router: IqRouter<S>, disco: DiscoModule<S>): void {
  const pong = (iq: { attr(name: string): string | undefined }) => (iq.attr('type') === 'get' ? { payload: '' } : { error: 'service-unavailable' });
  router.register('server', NS.ping, 'ping', pong);
  router.register('account', NS.ping, 'ping', pong);
  disco.addFeature(NS.ping);
}

/**
 * Idle sessions (XEP-0199 from the server): every quarter of the idle timeout, sessions silent for half
 * of it are pinged once, and sessions silent for all of it are closed. Any input counts as an answer.
 */
export class KeepAlive<S extends PingableSession> {
  private timer: Timer | null = null;
  private stopped = false;

  constructor(
    private readonly domain: string,
    private readonly clock: Clock,
    private readonly idleTimeoutSeconds: number,
    private readonly sessions: () => Iterable<S>,
  ) {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** Pings a bound session, unless a ping is already waiting for any input. */
  ping(session: S): void {
    if (session.phase !== 'bound' || session.pingOutstanding) return;
    session.pingOutstanding = true;
    session.send(`<iq type='get' from='${this.domain}' to='${escapeXml(session.fullJid)}' id='ping-${++session.pingSequence}'><ping xmlns='${NS.ping}'/></iq>`);
  }

  private schedule(): void {
    const idleMs = this.idleTimeoutSeconds * 1000;
    const every = Math.max(1000, Math.floor(idleMs / 4));
    this.timer = this.clock.setTimer(every, () => {
      const now = this.clock.now();
      for (const session of [...this.sessions()]) {
        const silent = now - session.lastActivity;
        if (silent >= idleMs) session.close('connection-timeout', 'no traffic');
        else if (silent >= idleMs / 2) this.ping(session);
      }
      if (!this.stopped) this.schedule();
    });
  }
}
