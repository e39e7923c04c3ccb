import type { ApiError } from '../../finesse/model';
import { RestError } from '../../finesse/rest';
import { errorText } from '../../session/messages';

/** A form field as the server may name it in an error: its value as sent and the words of its name. */
export interface FieldSpec {
  value: string;
  /** How the server's messages name the field (`['code']`, `['phone number', 'phoneNumber']`). */
  words: string[];
}

/** Messages by field name; `form` holds what concerns no field in particular. */
export type FieldErrors = Record<string, string> & { form?: string };

const mentions = (message: string, spec: FieldSpec): boolean => spec.words.some((w) => new RegExp(`\\b${w}\\b`, 'i').test(message));

/**
 * Which field an `ApiError` concerns. The server's ErrorData is the field's name for a missing or
 * unreadable field (`label is required`), or the refused value itself for a rule (a duplicate code, a
 * label too long): a field whose value was exactly that, told apart by the message when several were.
 * Otherwise the first field the message names; otherwise none.
 */
export function fieldOf(error: ApiError, fields: Record<string, FieldSpec>): string | null {
  const names = Object.keys(fields);
  const byName = names.find((n) => n === error.data || fields[n]!.words.includes(error.data));
  if (byName) return byName;
  const byValue = error.data === '' ? [] : names.filter((n) => fields[n]!.value === error.data);
  if (byValue.length === 1) return byValue[0]!;
  const byMessage = (byValue.length > 1 ? byValue : names).find((n) => mentions(error.message, fields[n]!));
  return byMessage ?? byValue[0] ?? null;
}

/** The server's refusal, each error next to the field it concerns. */
export function fieldErrors(error: unknown, fields: Record<string, FieldSpec>): FieldErrors {
  const out: FieldErrors = {};
  const add = (key: string, message: string) => {
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  };
  if (!(error instanceof RestError) || error.errors.length === 0) {
    add('form', errorText(error));
    return out;
  }
  for (const e of error.errors) add(fieldOf(e, fields) ?? 'form', e.message ? `${e.message} (${e.type})` : e.type);
  return out;
}
