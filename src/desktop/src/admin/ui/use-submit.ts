import { useState } from 'preact/hooks';
import { type FieldErrors, type FieldSpec, fieldErrors } from './field-errors';

/**
 * A form's submit: runs `save`, and when the server refuses, keeps its errors by field (`fields` as they
 * were sent) for the form to show; nothing else changes, the form stays as the user filled it.
 */
export function useSubmit(
  save: () => Promise<void>,
  fields: () => Record<string, FieldSpec>,
): { busy: boolean; errors: FieldErrors; submit: (e: Event) => void } {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    save().then(
      () => setBusy(false),
      (error: unknown) => {
        setErrors(fieldErrors(error, fields()));
        setBusy(false);
      },
    );
  };
  return { busy, errors, submit };
}
