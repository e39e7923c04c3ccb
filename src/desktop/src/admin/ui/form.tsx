import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { TeamSummary } from '../api/teams';
import type { Loaded } from './use-load';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  onInput: (value: string) => void;
  inputMode?: 'numeric' | 'text';
}

/** A labelled input with the server's error for it right below, tied to it by aria-describedby. */
export function Field({ id, label, value, error, onInput, inputMode }: FieldProps) {
  return (
    <div class="admin-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        inputMode={inputMode}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string | undefined }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} class="field-error" role="alert">
      {error}
    </p>
  );
}

/** What the server said about the form as a whole. */
export function FormError({ error }: { error?: string | undefined }) {
  if (!error) return null;
  return (
    <p class="form-error" role="alert">
      {error}
    </p>
  );
}

export function CheckField({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div class="admin-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <label for={id}>{label}</label>
    </div>
  );
}

interface TeamPickerProps {
  id: string;
  legend: string;
  teams: TeamSummary[];
  selected: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}

/** Checkboxes of the teams an item is assigned to (or a message goes to), with the server's error about them. */
export function TeamPicker({ id, legend, teams, selected, onChange, error }: TeamPickerProps) {
  const toggle = (team: string, on: boolean) => onChange(on ? [...selected, team] : selected.filter((t) => t !== team));
  return (
    <fieldset class="team-picker" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <FieldError id={id} error={error} />
      {teams.length === 0 && <p class="muted">There are no teams.</p>}
      {teams.map((t) => (
        <CheckField key={t.id} id={`${id}-${t.id}`} label={t.name} checked={selected.includes(t.id)} onChange={(on) => toggle(t.id, on)} />
      ))}
    </fieldset>
  );
}

/** A delete that asks once more in place (no browser dialog). */
export function DeleteButton({ what, onDelete }: { what: string; onDelete: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="secondary" aria-label={`Delete ${what}`} onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return (
    <span class="confirm">
      <button
        type="button"
        class="danger"
        aria-label={`Confirm delete ${what}`}
        onClick={() => {
          setAsking(false);
          onDelete();
        }}
      >
        Confirm delete
      </button>
      <button type="button" class="link" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** Loading, failed, empty, or the data. */
export function LoadView<T>({
  loaded,
  empty,
  isEmpty,
  children,
}: {
  loaded: Loaded<T>;
  empty: string;
  isEmpty: (data: T) => boolean;
  children: (data: T) => ComponentChildren;
}) {
  if (loaded.status === 'loading') {
    return (
      <p class="muted" role="status" aria-busy="true">
        Loading…
      </p>
    );
  }
  if (loaded.status === 'failed') {
    return (
      <p class="form-error" role="alert">
        Could not load: {loaded.message}
      </p>
    );
  }
  if (isEmpty(loaded.data)) return <p class="muted empty">{empty}</p>;
  return <>{children(loaded.data)}</>;
}

/** The outcome of the last change, announced politely. */
export function StatusLine({ text }: { text: string }) {
  return (
    <p class="admin-status" role="status">
      {text}
    </p>
  );
}

/** Submit (disabled while the form is being saved) and Cancel. */
export function FormButtons({ busy, submit, onCancel }: { busy: boolean; submit: string; onCancel: () => void }) {
  return (
    <div class="form-buttons">
      <button type="submit" class="primary" disabled={busy}>
        {submit}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
