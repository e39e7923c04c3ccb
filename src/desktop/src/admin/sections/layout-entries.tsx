import { type LayoutEntry, MAX_COLUMN_ENTRIES, MAX_LAYOUT_COLUMNS, emptyEntry } from '../api/layouts';
import { CheckField, Field, FieldError } from '../ui/form';

/** One entry of a call-variable layout: the property shown, its label and the 12.x flags. */
function EntryFields({ id, label, entry, onChange }: { id: string; label: string; entry: LayoutEntry; onChange: (e: LayoutEntry) => void }) {
  return (
    <div class="admin-form inline">
      <Field id={`${id}-property`} label={`${label} property`} value={entry.mediaProperty} onInput={(mediaProperty) => onChange({ ...entry, mediaProperty })} />
      <Field id={`${id}-display`} label={`${label} display name`} value={entry.displayName} onInput={(displayName) => onChange({ ...entry, displayName })} />
      <CheckField id={`${id}-popover`} label="In pop-over" checked={entry.showInPopOver} onChange={(showInPopOver) => onChange({ ...entry, showInPopOver })} />
      <CheckField id={`${id}-editable`} label="Editable" checked={entry.uiEditable} onChange={(uiEditable) => onChange({ ...entry, uiEditable })} />
    </div>
  );
}

export function HeaderEntry({ entry, error, onChange }: { entry: LayoutEntry; error?: string | undefined; onChange: (e: LayoutEntry) => void }) {
  return (
    <fieldset class="team-picker" aria-describedby={error ? 'mpl-header-error' : undefined}>
      <legend>Header</legend>
      <FieldError id="mpl-header" error={error} />
      <EntryFields id="mpl-header" label="Header" entry={entry} onChange={onChange} />
    </fieldset>
  );
}

const NAMES = ['Left column', 'Right column'];

/** Up to two columns of up to ten entries each. */
export function LayoutColumns({ columns, error, onChange }: { columns: LayoutEntry[][]; error?: string | undefined; onChange: (c: LayoutEntry[][]) => void }) {
  const all = Array.from({ length: MAX_LAYOUT_COLUMNS }, (_, i) => columns[i] ?? []);
  // Trailing empty columns are not kept: a layout has as many columns as hold entries.
  const set = (index: number, column: LayoutEntry[]) => {
    const next = all.map((c, i) => (i === index ? column : c));
    while (next.length > 0 && next[next.length - 1]!.length === 0) next.pop();
    onChange(next);
  };
  return (
    <fieldset class="team-picker" aria-describedby={error ? 'mpl-columns-error' : undefined}>
      <legend>Columns</legend>
      <FieldError id="mpl-columns" error={error} />
      {all.map((column, c) => (
        <fieldset key={NAMES[c]} class="team-picker">
          <legend>{NAMES[c]}</legend>
          {column.map((entry, i) => (
            <div key={i}>
              <EntryFields
                id={`mpl-col${c}-${i}`}
                label={`${NAMES[c]} entry ${i + 1}`}
                entry={entry}
                onChange={(e) =>
                  set(
                    c,
                    column.map((x, j) => (j === i ? e : x)),
                  )
                }
              />
              <button
                type="button"
                class="link"
                aria-label={`Remove ${NAMES[c]} entry ${i + 1}`}
                onClick={() =>
                  set(
                    c,
                    column.filter((_, j) => j !== i),
                  )
                }
              >
                Remove
              </button>
            </div>
          ))}
          {column.length < MAX_COLUMN_ENTRIES && (
            <button
              type="button"
              class="secondary"
              aria-label={`Add an entry to the ${NAMES[c]!.toLowerCase()}`}
              onClick={() => set(c, [...column, emptyEntry()])}
            >
              Add entry
            </button>
          )}
        </fieldset>
      ))}
    </fieldset>
  );
}
