import { useState } from 'preact/hooks';
import { actionLabel, elapsed, participantLabel } from '../format';
import type { Dialog, LayoutEntry } from '../finesse/model';
import { useNow } from '../hooks';
import { myParticipant, type DesktopSession, type DesktopState } from '../session';
import { Keypad } from './dial-pad';

/** Actions shown as plain buttons, in this order; the others need extra input or have their own control. */
const SIMPLE_ACTIONS = ['ANSWER', 'ACCEPT', 'RETRIEVE', 'HOLD', 'TRANSFER', 'CONFERENCE', 'DROP', 'START_RECORDING', 'CLOSE', 'REJECT'];

export function Calls({ session, state }: { session: DesktopSession; state: DesktopState }) {
  return (
    <section class="card card-calls" aria-labelledby="calls-title">
      <h2 id="calls-title">Calls</h2>
      {state.dialogs.length === 0 ? (
        <p class="muted">No calls.</p>
      ) : (
        <div class="dialogs">
          {state.dialogs.map((d) => (
            <DialogCard key={d.id} session={session} state={state} dialog={d} />
          ))}
        </div>
      )}
    </section>
  );
}

function propertyValue(dialog: Dialog, name: string): string {
  if (name in dialog.properties) return dialog.properties[name] ?? '';
  return dialog.callVariables.find((v) => v.name === name)?.value ?? '';
}

function Fields({ dialog, entries }: { dialog: Dialog; entries: LayoutEntry[] }) {
  return (
    <dl class="fields">
      {entries.map((e, i) => (
        // A layout may show one property twice: the position is the key.
        <div key={i} class="field">
          <dt>{e.displayName || e.mediaProperty}</dt>
          <dd>{propertyValue(dialog, e.mediaProperty) || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

function DialogCard({ session, state, dialog }: { session: DesktopSession; state: DesktopState; dialog: Dialog }) {
  const now = useNow(1000);
  const [target, setTarget] = useState('');
  const [keypad, setKeypad] = useState(false);
  const ext = state.extension;
  const mine = myParticipant(dialog, ext);
  const actions = mine?.actions ?? [];
  const outgoing = dialog.fromAddress === ext;
  const others = dialog.participants.filter((p) => p !== mine);
  const otherParty =
    others
      .map((p) => p.mediaAddress)
      .filter(Boolean)
      .join(', ') || (outgoing ? dialog.toAddress : dialog.fromAddress);
  const monitor = dialog.callType === 'SUPERVISOR_MONITOR';
  const title = monitor
    ? `Monitoring ${otherParty}`
    : mine?.state === 'ALERTING'
      ? `Incoming call from ${otherParty}`
      : `${outgoing ? 'Call to' : 'Call from'} ${otherParty}`;
  const needsTarget = actions.includes('CONSULT_CALL') || actions.includes('TRANSFER_SST');
  const wrapUp = actions.includes('UPDATE_CALL_DATA') && state.wrapUps.length > 0;
  const currentWrapUp = dialog.properties.wrapUpReason ?? '';
  const titleId = `dialog-${dialog.id}-title`;

  return (
    <article class={`dialog dialog-${(mine?.state ?? dialog.state).toLowerCase()}`} aria-labelledby={titleId} data-dialog-id={dialog.id} data-testid="dialog">
      <header class="dialog-head">
        <h3 id={titleId}>{title}</h3>
        <span class="dialog-state" data-testid="dialog-state" data-state={mine?.state ?? dialog.state}>
          {participantLabel(mine?.state ?? dialog.state)}
          {mine?.stateCause ? ` (${mine.stateCause.toLowerCase().replace(/_/g, ' ')})` : ''}
        </span>
        <span class="muted">{elapsed(mine?.stateChangeTime ?? mine?.startTime ?? null, now, state.system?.clockSkew ?? 0)}</span>
      </header>
      <div class="actions">
        {SIMPLE_ACTIONS.filter((a) => actions.includes(a)).map((a) => (
          <button
            key={a}
            type="button"
            class={a === 'ANSWER' ? 'primary' : a === 'DROP' ? 'danger' : 'secondary'}
            onClick={() => void session.dialogAction(dialog, a)}
          >
            {actionLabel(a)}
          </button>
        ))}
        {actions.includes('SEND_DTMF') && (
          <button type="button" class="secondary" aria-expanded={keypad} onClick={() => setKeypad(!keypad)}>
            Keypad
          </button>
        )}
      </div>
      {needsTarget && (
        <div class="row target">
          <label for={`target-${dialog.id}`}>Consult or transfer to</label>
          <input id={`target-${dialog.id}`} type="tel" value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
          {actions.includes('CONSULT_CALL') && (
            <button
              type="button"
              class="secondary"
              disabled={!target.trim()}
              onClick={() => void session.dialogAction(dialog, 'CONSULT_CALL', { toAddress: target.trim() })}
            >
              Consult
            </button>
          )}
          {actions.includes('TRANSFER_SST') && (
            <button
              type="button"
              class="secondary"
              disabled={!target.trim()}
              onClick={() => void session.dialogAction(dialog, 'TRANSFER_SST', { toAddress: target.trim() })}
            >
              Direct transfer
            </button>
          )}
        </div>
      )}
      {keypad && actions.includes('SEND_DTMF') && <Keypad label="Send tone" onKey={(k) => void session.dialogAction(dialog, 'SEND_DTMF', { dtmf: k })} />}
      {wrapUp && (
        <div class="row">
          <label for={`wrapup-${dialog.id}`}>Wrap-up reason</label>
          <select
            id={`wrapup-${dialog.id}`}
            value={currentWrapUp}
            onChange={(e) => {
              const label = e.currentTarget.value;
              if (label) void session.setWrapUp(dialog, label);
            }}
          >
            <option value="">Choose…</option>
            {state.wrapUps.map((w) => (
              <option key={w.id} value={w.label}>
                {w.label}
              </option>
            ))}
            {currentWrapUp && !state.wrapUps.some((w) => w.label === currentWrapUp) && <option value={currentWrapUp}>{currentWrapUp}</option>}
          </select>
        </div>
      )}
      {!monitor && (
        <div class="call-data">
          <Fields dialog={dialog} entries={state.layout.header} />
          <div class="columns">
            {state.layout.columns.map((col, i) => (
              <Fields key={i} dialog={dialog} entries={col} />
            ))}
          </div>
        </div>
      )}
      <p class="participants muted">{dialog.participants.map((p) => `${p.mediaAddress || '?'}: ${participantLabel(p.state)}`).join(' · ')}</p>
    </article>
  );
}
