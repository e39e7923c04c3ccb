import type { Clock, Timer } from '../domain/clock.js';
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

/**
 * Signs an agent out (LOGOUT, reason 255) when his last notification session went away without a
 * sign-out and none came back within detection time plus grace, as Finesse does for lost desktops.
 */
export class LostDesktopWatcher {
  private readonly timers = new Map<string, Timer>();
  private readonly onAvailable = (loginId: string): void => this.cancel(loginId);
  private readonly onUnavailable = (loginId: string): void => this.arm(loginId);

  constructor(
    private readonly presence: PresenceSource,
    private readonly agents: SignOutPort,
    private readonly clock: Clock,
    private readonly timing: LostDesktopTiming,
  ) {
    presence.on('available', this.onAvailable);
    presence.on('unavailable', this.onUnavailable);
  }

  /** Number of agents currently counting down, for tests and metrics. */
  get pending(): number {
    return this.timers.size;
  }

  stop(): void {
    this.presence.off('available', this.onAvailable);
    this.presence.off('unavailable', this.onUnavailable);
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  private arm(loginId: string): void {
    this.cancel(loginId);
    if (this.agents.stateOf(loginId) === 'LOGOUT') return;
    const delayMs = (this.timing.lostDesktopDetectSeconds + this.timing.lostDesktopGraceSeconds) * 1000;
    this.timers.set(
      loginId,
      this.clock.setTimer(delayMs, () => {
        this.timers.delete(loginId);
        this.agents.forceSignOut(loginId, CONNECTION_FAILURE_LOGOUT.id);
      }),
    );
  }

  private cancel(loginId: string): void {
    this.timers.get(loginId)?.cancel();
    this.timers.delete(loginId);
  }
}

export function startLostDesktopWatcher(presence: PresenceSource, agents: SignOutPort, clock: Clock, timing: LostDesktopTiming): () => void {
  const watcher = new LostDesktopWatcher(presence, agents, clock, timing);
  return () => watcher.stop();
}
