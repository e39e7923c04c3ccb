import type { Clock } from '../domain/clock.js';
import type { Dialog, DialogSnapshot, Participant } from '../domain/dialog.js';
import type { ParticipantContext } from '../domain/dialog-actions.js';
import { snapshotDialog } from '../domain/dialog-actions.js';
import type { DomainEvent, EventBus } from '../domain/events.js';

/** What has been told to whom about one dialog: agent loginId → signature of the last version sent. */
export type Notified = Map<string, string>;

/**
 * Turns dialog changes into per-agent dialog events: POST for an agent participant who has not seen the
 * dialog yet, PUT when what he last saw differs, DELETE when he is no longer on it (or was dropped).
 */
export class DialogPublisher {
  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly contextOf: (participant: Participant, dialog: Dialog) => ParticipantContext,
  ) {}

  snapshot(dialog: Dialog): DialogSnapshot {
    return snapshotDialog(dialog, (p) => this.contextOf(p, dialog));
  }

  /** Sends POST/PUT to every agent participant whose view changed. */
  flush(dialog: Dialog, notified: Notified, requestId: string): void {
    const snapshot = this.snapshot(dialog);
    const signature = signatureOf(snapshot);
    const at = this.clock.now();
    const events: DomainEvent[] = [];
    for (const p of dialog.participants) {
      if (p.loginId === null) continue;
      const last = notified.get(p.loginId);
      if (last === undefined) {
        if (p.state === 'DROPPED') continue;
        events.push({ type: 'DialogAdded', requestId, at, loginId: p.loginId, dialog: snapshot });
        notified.set(p.loginId, signature);
      } else if (last !== signature) {
        events.push({ type: 'DialogUpdated', requestId, at, loginId: p.loginId, dialog: snapshot });
        notified.set(p.loginId, signature);
      }
    }
    if (events.length > 0) this.bus.publish(events);
  }

  /** Sends DELETE to the agents in `loginIds` who were told about the dialog. */
  remove(dialog: Dialog, notified: Notified, requestId: string, loginIds: readonly string[]): void {
    const targets = loginIds.filter((id) => notified.has(id));
    if (targets.length === 0) return;
    const snapshot = this.snapshot(dialog);
    const at = this.clock.now();
    for (const id of targets) notified.delete(id);
    this.bus.publish(targets.map((loginId) => ({ type: 'DialogRemoved', requestId, at, loginId, dialog: snapshot })));
  }

  /** DELETE for every notified agent who is dropped from the dialog or no longer on it. */
  removeDropped(dialog: Dialog, notified: Notified, requestId: string): void {
    const gone = [...notified.keys()].filter((id) => {
      const p = dialog.participants.find((q) => q.loginId === id);
      return p === undefined || p.state === 'DROPPED';
    });
    this.remove(dialog, notified, requestId, gone);
  }
}

function signatureOf(d: DialogSnapshot): string {
  const vars = [...d.mediaProperties.callVariables].map(([k, v]) => `${k}=${v}`).join('\u0001');
  const parts = d.participants.map((p) => `${p.mediaAddress}|${p.state}|${p.stateCause}|${p.actions.join(',')}`).join('\u0002');
  const mp = d.mediaProperties;
  return [d.state, d.fromAddress, d.toAddress, d.secondaryId, d.associatedDialogId, mp.callType, mp.queueName, mp.wrapUpReason, vars, parts].join('\u0003');
}
