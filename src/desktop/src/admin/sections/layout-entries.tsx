import { type LayoutEntry, MAX_COLUMN_ENTRIES, MAX_LAYOUT_COLUMNS, emptyEntry } from '../api/layouts';
import { CheckField, Field, FieldError } from '../ui/form';

/** One entry of a call-variable layout: the property shown, its label and the 12.x flags. */
function EntryFields({
  id,
  label,
  entry,
  error,
  onChange,
}: {
  id: string;
  label: string;
  entry: LayoutEntry;
  error?: string | undefined;
  onChange: (e: LayoutEntry) => void;
}) {
  return (
    <div class="admin-form inline">
      <Field
        id={`${id}-property`}
        label={`${label} property`}
        value={entry.mediaProperty}
        error={error}
        onInput={(mediaProperty) => onChange({ ...entry, mediaProperty })}
      />
      <Field id={`${id}-display`} label={`${label} display name`} value={entry.displayName} onInput={(displayName) => onChange({ ...entry, displayName })} />
      <CheckField
        id={`${id}-popover`}
        label={`${label} in pop-over`}
        checked={entry.showInPopOver}
        onChange={(showInPopOver) => onChange({ ...entry, showInPopOver })}
      />
      <CheckField id={`${id}-editable`} label={`${label} editable`} checked={entry.uiEditable} onChange={(uiEditable) => onChange({ ...entry, uiEditable })} />
    </div>
  );
}

export function HeaderEntry({ entry, error, onChange }: { entry: LayoutEntry; error?: string | undefined; onChange: (e: LayoutEntry) => void }) {
  return (
    <fieldset class="team-picker">
      <legend>Header</legend>
      <EntryFields id="mpl-header" label="Header" entry={entry} error={error} onChange={onChange} />
    </fieldset>
  );
}

const NAMES = ['Left column', 'Right column'];

/** The key of a column entry among the form's fields, for the server's error about its property. */
export const entryKey = (column: number, index: number): string => `col${column}-${index}`;

/** Up to two columns of up to ten entries each; `errors` by `entryKey`, and `columns` for the columns as a whole. */
export function LayoutColumns({
  columns,
  errors,
  onChange,
}: {
  columns: LayoutEntry[][];
  errors: Record<string, string | undefined>;
  onChange: (c: LayoutEntry[][]) => void;
}) {
  const error = errors.columns;
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
                error={errors[entryKey(c, i)]}
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
