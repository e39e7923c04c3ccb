// OpenAjax Hub 2.0 topic names and subscription patterns, as gadget reference §2.6 states them:
// dot-separated tokens, no empty token (so no leading, trailing or doubled dot); tokens may contain
// spaces. Wildcards only in subscription patterns: `*` is exactly one token, `**` one or more trailing
// tokens and only as the last token (`a.**` matches `a.b` and `a.b.c`, not `a`).
// A `*` inside a longer token (`a*b`) is refused in both: it could only be a mistaken wildcard.

export const ONE_TOKEN = '*';
export const REST_TOKENS = '**';

function tokens(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const parts = value.split('.');
  return parts.includes('') ? undefined : parts;
}

/** A topic a client may publish on: no wildcard at all. */
export function isValidTopic(value: unknown): value is string {
  const parts = tokens(value);
  return parts?.every((token) => !token.includes('*')) === true;
}

/** A subscription pattern: a topic whose tokens may be `*`, and whose last token may be `**`. */
export function isValidPattern(value: unknown): value is string {
  const parts = tokens(value);
  if (parts === undefined) return false;
  return parts.every((token, index) => {
    if (token === ONE_TOKEN) return true;
    if (token === REST_TOKENS) return index === parts.length - 1;
    return !token.includes('*');
  });
}

/** Whether a valid pattern matches a valid topic. */
export function topicMatches(pattern: string, topic: string): boolean {
  const want = pattern.split('.');
  const have = topic.split('.');
  for (let i = 0; i < want.length; i++) {
    const token = want[i];
    if (token === REST_TOKENS) return have.length > i;
    if (i >= have.length) return false;
    if (token !== ONE_TOKEN && token !== have[i]) return false;
  }
  return have.length === want.length;
}
