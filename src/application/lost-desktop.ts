import type { Clock } from '../domain/clock.js';
import type { DurableTimers } from './ports/durable-timers.js';
import { CONNECTION_FAILURE_LOGOUT } from '../domain/system-reason-codes.js';

/** Tells when an account gains its first and loses its last available notification session. */
export interface PresenceSource {
  on(event: 'available' | 'unavailable', listener: (loginId: string) => void): unknown;
  off(event: 'available' | 'unavailable', listener: (loginId: string) => void): unknown;
}

export interface SignOutPort {
  forceSignOut(loginId: string, reasonCodeId: string): boolean;
  stateOf(loginId: string): string;
}

export interface LostDesktopTiming {
  lostDesktopDetectSeconds: number;
  lostDesktopGraceSeconds: number;
}

const PREFIX = 'lost-desktop';

/** The timer key of an agent's count-down: login ids may hold any character, keys only a few. */
const keyOf = (loginId: string): string => `${PREFIX}.${Buffer.from(loginId, 'utf8').toString('base64url')}`;
const loginIdOf = (key: string): string => Buffer.from(key.slice(PREFIX.length + 1), 'base64url').toString('utf8');

/**
 * Signs an agent out (LOGOUT, reason 255) when his last notification session went away without a
 * sign-out and none came back within detection time plus grace, as Finesse does for lost desktops. The
 * count-downs are durable timers: in a cluster they fire on the leader, even when the node that started
 * one is gone.
 */
export class LostDesktopWatcher {
  private readonly onAvailable = (loginId: string): void => this.timers.cancel(keyOf(loginId));
  private readonly onUnavailable = (loginId: string): void => this.arm(loginId);

  constructor(
    private readonly presence: PresenceSource,
    private readonly agents: SignOutPort,
    private readonly timers: DurableTimers,
    private readonly clock: Clock,
    private readonly timing: LostDesktopTiming,
  ) {
    presence.on('available', this.onAvailable);
    presence.on('unavailable', this.onUnavailable);
    timers.on(PREFIX, (key) => this.agents.forceSignOut(loginIdOf(key), CONNECTION_FAILURE_LOGOUT.id));
  }

  stop(): void {
    this.presence.off('available', this.onAvailable);
    this.presence.off('unavailable', this.onUnavailable);
  }

  /** Starts an agent's count-down (a signed-out agent has none). */
  arm(loginId: string): void {
    if (this.agents.stateOf(loginId) === 'LOGOUT') return;
    const delayMs = (this.timing.lostDesktopDetectSeconds + this.timing.lostDesktopGraceSeconds) * 1000;
    this.timers.arm(keyOf(loginId), this.clock.now() + delayMs);
  }
}
