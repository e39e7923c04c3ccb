import type { Clock, Timer } from '../domain/clock.js';
import { DomainError } from '../domain/errors.js';
import type { SimulatedWorld } from './simulated-world.js';

export interface TrafficRequest {
  /** A queue dialed number or an agent extension. */
  to: string;
  ratePerMinute: number;
  /** Each caller hangs up this long after an agent answered. */
  talkSeconds: number;
  durationSeconds: number;
  /** Offered agents answer by themselves after this long; null = agents answer from their desktops. */
  agentAnswerSeconds: number | null;
}

export interface TrafficStatus {
  running: boolean;
  request: TrafficRequest | null;
  startedAt: number | null;
  endsAt: number | null;
  placed: number;
  failed: number;
  queued: number;
  ringing: number;
  talking: number;
  finished: number;
}

/** Places external calls at a steady rate for a while, as a stream of customers would. */
export class TrafficGenerator {
  private request: TrafficRequest | null = null;
  private startedAt: number | null = null;
  private timer: Timer | null = null;
  private placedIds: string[] = [];
  private failed = 0;
  private sequence = 0;

  constructor(
    private readonly world: SimulatedWorld,
    private readonly clock: Clock,
  ) {}

  start(request: TrafficRequest): TrafficStatus {
    if (!(request.ratePerMinute > 0 && request.ratePerMinute <= 6000))
      throw new DomainError('InvalidInput', 'rate must be above 0 and at most 6000 calls per minute', 'rate');
    if (!(request.durationSeconds > 0)) throw new DomainError('InvalidInput', 'duration must be above 0', 'duration');
    if (!(request.talkSeconds >= 0)) throw new DomainError('InvalidInput', 'talk must not be negative', 'talk');
    this.stop();
    this.request = request;
    this.startedAt = this.clock.now();
    this.placedIds = [];
    this.failed = 0;
    this.placeNext();
    return this.status();
  }

  stop(): TrafficStatus {
    this.timer?.cancel();
    this.timer = null;
    return this.status();
  }

  status(): TrafficStatus {
    const status: TrafficStatus = {
      running: this.timer !== null,
      request: this.request,
      startedAt: this.startedAt,
      endsAt: this.request && this.startedAt !== null ? this.startedAt + this.request.durationSeconds * 1000 : null,
      placed: this.placedIds.length,
      failed: this.failed,
      queued: 0,
      ringing: 0,
      talking: 0,
      finished: 0,
    };
    for (const id of this.placedIds) {
      const view = this.world.callView(id);
      if (!view || view.state === 'DROPPED') status.finished++;
      else if (view.state === 'QUEUED') status.queued++;
      else if (view.state === 'ACTIVE') status.talking++;
      else status.ringing++;
    }
    return status;
  }

  private placeNext(): void {
    const request = this.request!;
    const endsAt = this.startedAt! + request.durationSeconds * 1000;
    if (this.clock.now() >= endsAt) {
      this.timer = null;
      return;
    }
    try {
      const view = this.world.placeExternalCall({
        from: `408555${String(2000 + (this.sequence++ % 8000)).padStart(4, '0')}`,
        to: request.to,
        callVariables: [{ name: 'callVariable1', value: `traffic-${this.sequence}` }],
        talkSeconds: request.talkSeconds,
        ...(request.agentAnswerSeconds !== null ? { agentAnswerSeconds: request.agentAnswerSeconds } : {}),
      });
      this.placedIds.push(view.id);
    } catch {
      this.failed++;
    }
    this.timer = this.clock.setTimer(60_000 / request.ratePerMinute, () => this.placeNext());
  }
}
