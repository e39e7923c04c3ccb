import type { DialogSnapshot } from '../domain/dialog.js';
import type { UserAccount } from '../domain/model.js';
import type { QueueStatistics } from '../domain/queue.js';
import { HttpApiError } from '../http/errors.js';
import type { CallView } from '../telephony/call-view.js';
import type { ExternalCallRequest, SimulatedWorld, TelephonySimulator } from '../telephony/simulator.js';
import type { DialogActionRequest, NewDialogRequest, Telephony } from '../telephony/telephony.js';
import type { TrafficGenerator, TrafficRequest, TrafficStatus } from '../telephony/traffic-generator.js';

/** The phone system while this node runs it, and how to stop it. */
export interface RunningPhoneSystem {
  simulator: TelephonySimulator;
  generator: TrafficGenerator;
  stop(): void;
}

/**
 * The phone system as the HTTP surfaces see it, whether or not this node runs it now: alone it always
 * does; in a cluster only while it leads (requests for it reach the leader, see leader-forwarding). Asked
 * while it runs nowhere here, it refuses with an error instead of answering from nothing.
 */
export class TelephonyHost implements Telephony, SimulatedWorld {
  current: RunningPhoneSystem | null = null;
  readonly traffic = {
    start: (request: TrafficRequest): TrafficStatus => this.running().generator.start(request),
    stop: (): TrafficStatus => this.running().generator.stop(),
    status: (): TrafficStatus => this.running().generator.status(),
  };

  serves(): boolean {
    return this.current !== null;
  }

  dialogsOf(loginId: string): DialogSnapshot[] {
    return this.simulator().dialogsOf(loginId);
  }

  findDialog(dialogId: string): DialogSnapshot | undefined {
    return this.simulator().findDialog(dialogId);
  }

  createDialog(actor: UserAccount, request: NewDialogRequest, requestId: string): void {
    this.simulator().createDialog(actor, request, requestId);
  }

  actOnDialog(actor: UserAccount, dialogId: string, request: DialogActionRequest, requestId: string): void {
    this.simulator().actOnDialog(actor, dialogId, request, requestId);
  }

  queueStatistics(queueId: string): QueueStatistics {
    return this.simulator().queueStatistics(queueId);
  }

  placeExternalCall(request: ExternalCallRequest): CallView {
    return this.simulator().placeExternalCall(request);
  }

  answerExternal(callId: string): void {
    this.simulator().answerExternal(callId);
  }

  hangupExternal(callId: string): void {
    this.simulator().hangupExternal(callId);
  }

  activeCalls(): CallView[] {
    return this.simulator().activeCalls();
  }

  callView(callId: string): CallView | undefined {
    return this.simulator().callView(callId);
  }

  close(): void {
    this.current?.stop();
    this.current = null;
  }

  private simulator(): TelephonySimulator {
    return this.running().simulator;
  }

  private running(): RunningPhoneSystem {
    if (!this.current) throw HttpApiError.of(503, 'Service Unavailable', 'TELEPHONY_UNAVAILABLE', 'The phone system runs on another node of the cluster');
    return this.current;
  }
}
