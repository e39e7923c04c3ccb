import { FieldError } from './form';

interface SelectProps {
  id: string;
  label: string;
  value: string;
  choices: readonly string[];
  error?: string | undefined;
  onChange: (value: string) => void;
}

/** A labelled select with the server's error for it right below. */
export function Select({ id, label, value, choices, error, onChange }: SelectProps) {
  return (
    <div class="admin-field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}
