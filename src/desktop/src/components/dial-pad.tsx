import { useState } from 'preact/hooks';
import type { DesktopSession, DesktopState } from '../session';

export const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function Keypad({ label, onKey }: { label: string; onKey(key: string): void }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a grid of keys, not a set of form fields
    <div class="keypad" role="group" aria-label={label}>
      {KEYS.map((k) => (
        <button key={k} type="button" class="key" aria-label={`${label} ${k}`} onClick={() => onKey(k)}>
          {k}
        </button>
      ))}
    </div>
  );
}

export function DialPad({ session, state }: { session: DesktopSession; state: DesktopState }) {
  const [number, setNumber] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    if (!number.trim()) return;
    void session.makeCall(number);
    setNumber('');
  };
  const canCall = state.user?.state !== 'LOGOUT';
  return (
    <section class="card card-dial" aria-labelledby="dial-title">
      <h2 id="dial-title">Make a call</h2>
      <form class="dial" onSubmit={submit}>
        <label for="dial-number">Number</label>
        <div class="row">
          <input id="dial-number" type="tel" inputMode="tel" autocomplete="off" value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
          <button type="submit" class="primary" disabled={!canCall || number.trim() === ''}>
            Call
          </button>
        </div>
        <Keypad label="Dial" onKey={(k) => setNumber((n) => n + k)} />
      </form>
    </section>
  );
}
