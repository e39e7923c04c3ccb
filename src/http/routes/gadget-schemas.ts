import { z } from 'zod';
import type { AllowListEntry, ProxyMethod } from '../../domain/gadget-allow-list.js';
import { ALLOW_LIST_MAX_ENTRIES, PROXY_METHODS, normaliseOrigin, normaliseSpecUrl, pathPrefixProblem } from '../../domain/gadget-allow-list.js';
import type { FieldKind, RequestOf } from '../request-schema.js';
import { requestSchema } from '../request-schema.js';

const field =
  <T>(schema: (name: string) => z.ZodType<T>): FieldKind<T> =>
  (name) => ({ schema: schema(name), problem: { type: 'Invalid Input' } });

const METHODS = PROXY_METHODS as unknown as readonly [ProxyMethod, ...ProxyMethod[]];

/** One entry; its messages name the field (`entries[2].origin …`) and say what it must be. */
function entrySchema(at: string): z.ZodType<AllowListEntry> {
  const flag = (name: string) => z.boolean(`${at}.${name} must be true or false`).default(false);
  return z.strictObject(
    {
      origin: z.string(`${at}.origin must be text`).transform((text, ctx) => {
        const checked = normaliseOrigin(text);
        if ('origin' in checked) return checked.origin;
        ctx.addIssue({ code: 'custom', message: `${at}.origin ${checked.problem}` });
        return z.NEVER;
      }),
      pathPrefix: z
        .string(`${at}.pathPrefix must be text`)
        .default('/')
        .superRefine((prefix, ctx) => {
          const problem = pathPrefixProblem(prefix);
          if (problem) ctx.addIssue({ code: 'custom', message: `${at}.pathPrefix ${problem}` });
        }),
      methods: z
        .array(z.enum(METHODS, `${at}.methods must list ${PROXY_METHODS.join(', ')}`), `${at}.methods must be a list`)
        .min(1, `${at}.methods must name at least one method`)
        .transform((list) => [...new Set(list)]),
      specUrl: z
        .string(`${at}.specUrl must be a URL or null`)
        .nullish()
        .transform((text, ctx) => {
          if (text === null || text === undefined) return null;
          const checked = normaliseSpecUrl(text);
          if ('specUrl' in checked) return checked.specUrl;
          ctx.addIssue({ code: 'custom', message: `${at}.specUrl ${checked.problem}` });
          return z.NEVER;
        }),
      allowPrivate: flag('allowPrivate'),
      forwardCredentials: flag('forwardCredentials'),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `${at} has an unknown field ${issue.keys[0]}` : `${at} must be an object`) },
  );
}

const entries = field((name) =>
  z
    .array(z.unknown(), `${name} must be a list`)
    .max(ALLOW_LIST_MAX_ENTRIES, `${name} may hold at most ${ALLOW_LIST_MAX_ENTRIES} entries`)
    .transform((list, ctx) =>
      list.map((item, i) => {
        const parsed = entrySchema(`${name}[${i}]`).safeParse(item);
        if (parsed.success) return parsed.data;
        for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
        return z.NEVER;
      }),
    ),
);

/** `PUT /openfinesse/api/gadgets/allowlist`: the whole list. */
export const allowListBody = requestSchema({ entries }, { strict: true });
export type AllowListBody = RequestOf<typeof allowListBody>;

const text = (max: number) => field((name) => z.string(`${name} must be text`).max(max, `${name} is too long`));

/** `POST /openfinesse/gadgets/proxy` (protocol.ts ProxyRequest). */
export const proxyRequestBody = requestSchema({
  mid: field((name) => z.number(`${name} must be a number`).int(`${name} must be a whole number`)),
  specUrl: text(8192),
  url: text(8192),
  method: field((name) => z.enum(METHODS, `${name} must be one of ${PROXY_METHODS.join(', ')}`)),
  headers: field((name) => z.record(z.string(), z.string(), `${name} must map names to text`)),
  body: field((name) => z.string(`${name} must be text or null`).nullable()),
  getFullHeaders: field((name) => z.boolean(`${name} must be true or false`)),
});
export type ProxyRequestBody = RequestOf<typeof proxyRequestBody>;
