import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { HttpApiError } from './errors.js';

/**
 * Request schemas of the JSON control API, validated by Fastify's own validation step (a plugin's
 * validator compiler) with zod, so a handler only ever sees a checked, typed body or query. A problem is
 * answered like the rest of the API: the first field that is wrong, as `{ type, message, data }`.
 */

/** How a field's problems are reported: the error type, and whether data names the field or quotes its value. */
export interface Problem {
  type: 'Parameter Missing' | 'Invalid Input';
  data?: 'value';
}

/** One field: its schema (whose messages name the field) and how its problems are reported. */
export interface Field<T> {
  schema: z.ZodType<T>;
  problem: Problem;
}

/** A kind of field, given the field's name for its messages. */
export type FieldKind<T> = (name: string) => Field<T>;

type Fields = Record<string, FieldKind<unknown>>;
type Shape<F extends Fields> = { [K in keyof F]: F[K] extends FieldKind<infer T> ? T : never };

export class RequestSchema<T> {
  private readonly zod: z.ZodType<T>;
  private readonly problems: Map<string, Problem>;

  /** `strict`: a field the schema does not know is refused (400 Invalid Input naming it) instead of ignored. */
  constructor(fields: Record<string, Field<unknown>>, strict = false) {
    // No body at all reads as an empty object, so a missing field is reported by name.
    const shape = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.schema]));
    this.zod = z.preprocess((v) => v ?? {}, strict ? z.strictObject(shape) : z.object(shape)) as unknown as z.ZodType<T>;
    this.problems = new Map(Object.entries(fields).map(([name, f]) => [name, f.problem]));
  }

  validate(data: unknown): { value: T } | { error: HttpApiError } {
    const result = this.zod.safeParse(data);
    if (result.success) return { value: result.data };
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') return { error: HttpApiError.of(400, 'Invalid Input', `Unknown field ${issue.keys[0]}`, issue.keys[0]) };
    const name = issue.path[0];
    const problem = typeof name === 'string' ? this.problems.get(name) : undefined;
    if (typeof name !== 'string' || !problem) return { error: HttpApiError.of(400, 'Bad Request', 'Expected a JSON object body') };
    const quoted = problem.data === 'value' ? String((data as Record<string, unknown> | null)?.[name]) : name;
    return { error: HttpApiError.of(400, problem.type, issue.message, quoted) };
  }
}

/** A body or query schema from named field kinds; its type is the fields' parsed values. */
export function requestSchema<F extends Fields>(fields: F, options: { strict?: boolean } = {}): RequestSchema<Shape<F>> {
  return new RequestSchema(Object.fromEntries(Object.entries(fields).map(([name, kind]) => [name, kind(name)])), options.strict ?? false);
}

export type RequestOf<S> = S extends RequestSchema<infer T> ? T : never;

/** The validator compiler of a plugin whose routes declare RequestSchemas. */
export const requestSchemaCompiler: FastifySchemaCompiler<RequestSchema<unknown>> =
  ({ schema }) =>
  (data) =>
    schema.validate(data);

/** The field may be left out (undefined); null is still checked. */
export const optional =
  <T>(kind: FieldKind<T>): FieldKind<T | undefined> =>
  (name) => {
    const field = kind(name);
    return { schema: field.schema.optional(), problem: field.problem };
  };

/** Left out means `value`. */
export const orElse =
  <T>(kind: FieldKind<T>, value: T): FieldKind<T> =>
  (name) => {
    const field = kind(name);
    return { schema: field.schema.default(value as never) as unknown as z.ZodType<T>, problem: field.problem };
  };

/** Left out or null means null. */
export const nullable =
  <T>(kind: FieldKind<T>): FieldKind<T | null> =>
  (name) => {
    const field = kind(name);
    return { schema: field.schema.nullish().transform((v) => v ?? null), problem: field.problem };
  };
