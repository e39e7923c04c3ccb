import { z } from 'zod';
import type { CallVariableInput } from '../../telephony/telephony.js';
import type { FieldKind, RequestOf } from '../request-schema.js';
import { nullable, optional, orElse, requestSchema } from '../request-schema.js';

export const MAX_HISTORY = 10_000;

const numberFromText = (v: unknown) => (typeof v === 'string' ? Number(v) : v);

/** Required text; a number is taken as its digits. */
const text: FieldKind<string> = (name) => ({
  schema: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string(`${name} is required`).min(1, `${name} is required`)),
  problem: { type: 'Parameter Missing' },
});

/** A number, or text that reads as one. */
const number: FieldKind<number> = (name) => ({
  schema: z.preprocess(numberFromText, z.number(`${name} must be a number`)),
  problem: { type: 'Invalid Input' },
});

const seconds: FieldKind<number> = (name) => {
  const range = `${name} must be 0-86400 seconds`;
  return { schema: z.preprocess(numberFromText, z.number(`${name} must be a number`).min(0, range).max(86_400, range)), problem: { type: 'Invalid Input' } };
};

/** `{ name: value }` (values as text); absent or null means none. */
const callVariables: FieldKind<CallVariableInput[]> = () => ({
  schema: z
    .record(z.string(), z.unknown(), 'callVariables must be an object of name: value')
    .nullish()
    .transform((vars) => Object.entries(vars ?? {}).map(([name, value]) => ({ name, value: String(value ?? '') }))),
  problem: { type: 'Invalid Input' },
});

/** `since` as epoch milliseconds or an ISO 8601 time; absent = everything. */
const since: FieldKind<number> = (name) => {
  const message = `${name} must be epoch milliseconds or an ISO 8601 time`;
  return {
    schema: z
      .string(message)
      .optional()
      .transform((v) => (v === undefined || v === '' ? 0 : /^\d+$/.test(v) ? Number(v) : Date.parse(v)))
      .pipe(z.number(message)),
    problem: { type: 'Invalid Input', data: 'value' },
  };
};

/** How many ended calls to list: 1 to MAX_HISTORY, 1000 when absent or unreadable. */
const limit: FieldKind<number> = () => ({
  schema: z.coerce
    .number()
    .catch(1000)
    .transform((n) => Math.min(MAX_HISTORY, Math.max(1, n || 1000))),
  problem: { type: 'Invalid Input' },
});

/** `POST /openfinesse/api/calls`: an external caller dials `to`. */
export const callBody = requestSchema({ from: text, to: text, callVariables, talkSeconds: optional(seconds), agentAnswerSeconds: optional(seconds) });
export type CallBody = RequestOf<typeof callBody>;

/** `GET /openfinesse/api/calls`. */
export const callsQuery = requestSchema({ since, limit });
export type CallsQuery = RequestOf<typeof callsQuery>;

/** `POST /openfinesse/api/traffic`: `rate` calls a minute to `to`. */
export const trafficBody = requestSchema({
  to: text,
  rate: number,
  talkSeconds: orElse(seconds, 20),
  durationSeconds: orElse(seconds, 60),
  agentAnswerSeconds: nullable(seconds),
});
export type TrafficBody = RequestOf<typeof trafficBody>;
