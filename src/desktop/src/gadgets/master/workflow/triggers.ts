import type { Dialog } from '../../../finesse/model.js';
import { child, isRoot, parseDialog, parseDialogs, parseXml, text } from '../../../finesse/xml.js';

// Which workflow triggers an `<Update>` of the user's Dialogs node fires (gadget reference §5 [inferred]):
// a new dialog (POST) → CALL_ARRIVES (CALL_MADE when the agent's own participant is the one calling); the
// agent's participant ACTIVE → CALL_ANSWERED; the dialog DROPPED, or deleted → CALL_ENDS.

export type TriggerName = 'CALL_ARRIVES' | 'CALL_MADE' | 'CALL_ANSWERED' | 'CALL_ENDS';

export interface TriggerHit {
  trigger: TriggerName;
  dialog: Dialog;
}

export interface DialogsUpdateTriggers {
  hits: TriggerHit[];
  /** Dialogs the update deleted: nothing more will fire for them. */
  deleted: string[];
}

const OUTGOING_STATES = new Set(['INITIATING', 'INITIATED']);

function triggersOfDialog(event: string, dialog: Dialog, extension: string): TriggerName[] {
  const mine = dialog.participants.find((p) => extension !== '' && p.mediaAddress === extension);
  const out: TriggerName[] = [];
  if (event === 'POST') out.push(mine && OUTGOING_STATES.has(mine.state) ? 'CALL_MADE' : 'CALL_ARRIVES');
  if (mine?.state === 'ACTIVE') out.push('CALL_ANSWERED');
  if (event === 'DELETE' || dialog.state === 'DROPPED') out.push('CALL_ENDS');
  return out;
}

/** The triggers of one Update (its XML text) for the agent on `extension`; none for anything but dialogs. */
export function triggersOfUpdate(updateXml: string, extension: string): DialogsUpdateTriggers {
  const update = parseXml(updateXml);
  const data = child(child(update, 'data'), 'dialogs') ?? child(child(update, 'data'), 'dialog');
  const event = text(update, 'event').toUpperCase();
  if (!data) return { hits: [], deleted: [] };
  const dialogs = isRoot(data, 'dialogs') ? parseDialogs(data) : [parseDialog(data)];
  const hits: TriggerHit[] = [];
  for (const dialog of dialogs) {
    if (dialog.id === '') continue;
    for (const trigger of triggersOfDialog(event, dialog, extension)) hits.push({ trigger, dialog });
  }
  return { hits, deleted: event === 'DELETE' ? dialogs.map((d) => d.id) : [] };
}

/** Remembers what fired, so each workflow runs at most once per dialog and trigger. */
export class FiredTriggers {
  private readonly byDialog = new Map<string, Set<string>>();

  /** True the first time (and records it), false after. */
  claim(dialogId: string, trigger: string, workflowUri: string): boolean {
    let fired = this.byDialog.get(dialogId);
    if (!fired) this.byDialog.set(dialogId, (fired = new Set()));
    const key = `${trigger}\u0000${workflowUri}`;
    if (fired.has(key)) return false;
    fired.add(key);
    return true;
  }

  forget(dialogId: string): void {
    this.byDialog.delete(dialogId);
  }
}
