/**
 * The seeded mutator of test/robustness.test.ts, shared by the soak bench: a deterministic PRNG
 * (mulberry32) and random cuts, duplications, inserted fragments and random UTF-16 code units applied to
 * a well-formed seed input. The same seed number replays the same sequence of inputs.
 */

export type Random = () => number;

/** Deterministic PRNG (mulberry32), so a failure replays exactly. */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A per-stream seed derived from a base seed and a label, so each worker has its own sequence. */
export function deriveSeed(base: number, label: string): number {
  let h = base >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The fragments of test/robustness.test.ts: XML syntax, entities, odd code points, stream elements. */
export const XML_FRAGMENTS: readonly string[] = [
  '<',
  '>',
  '/',
  '&',
  ';',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  '&e;',
  '<!DOCTYPE x [<!ENTITY e "e">]>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '<?pi x?>',
  '"',
  "'",
  '=',
  ' xmlns="x"',
  ' xmlns:a="b"',
  'a:b',
  '\u0000',
  '\uffff',
  '\ud800',
  'é',
  '\u202e',
  '</stream:stream>',
  '<stream:stream>',
  '<iq type="set" id="x">',
  '</iq>',
  '<presence/>',
  '<message to="agentb@localhost"><body>x</body></message>',
];

/** Extra fragments for HTTP header blocks: line breaks, framing headers, odd header syntax. */
export const HEADER_FRAGMENTS: readonly string[] = [
  '\r\n',
  '\n',
  '\r',
  ': ',
  ':',
  '\t',
  ' ',
  ',',
  ';',
  '\r\n ',
  'Transfer-Encoding: chunked\r\n',
  'Content-Length: 0\r\n',
  'Content-Length: 5\r\n',
  'Content-Length: -1\r\n',
  'Connection: close\r\n',
  'Connection: keep-alive\r\n',
  'Expect: 100-continue\r\n',
  'Content-Type: application/json\r\n',
  'Content-Type: text/plain\r\n',
  'Content-Type: ',
  'Authorization: Basic ',
  'Authorization: Bearer x\r\n',
  'requestId: ',
  'Content-Encoding: gzip\r\n',
  'Host: \r\n',
  'X-Forwarded-For: 10.0.0.1\r\n',
  'Upgrade: websocket\r\n',
  'Cookie: a=b\r\n',
  'Range: bytes=0-1\r\n',
  ';charset=latin1',
  '; charset=utf-16',
  '=?utf-8?b?',
  '%00',
  '\u00ff',
  '\u0080',
  'Accept: */*\r\n',
];

/** Extra fragments for request targets: percent escapes, separators, traversal, odd code points. */
export const URL_FRAGMENTS: readonly string[] = [
  '?',
  '&',
  '=',
  '#',
  '%',
  '%00',
  '%2F',
  '%2e%2e',
  '%u0041',
  '%ff',
  '%C0%AE',
  '/',
  '//',
  '/../',
  './',
  '..',
  '+',
  ' ',
  '\t',
  '"',
  "'",
  '<',
  '>',
  '\\',
  '|',
  '{',
  '}',
  '^',
  '`',
  '[',
  ']',
  ';',
  '@',
  ':',
  '*',
  '~',
  'é',
  '\u0000',
  '\r\n',
  '\u202e',
  'category=',
  'includeLoggedOutAgents=',
  'limit=',
  'since=',
  '&limit=99999999999999999999',
  '&since=1e400',
  '&category=LOGOUT',
  '&category[]=x',
  '&__proto__=1',
  '&constructor=1',
];

/** JSON syntax for the control API's bodies. */
export const JSON_FRAGMENTS: readonly string[] = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  'null',
  'true',
  '1e999',
  '-0',
  '"__proto__":{}',
  '"constructor":1',
  '\\u0000',
  '\\',
  '"callVariables":[]',
  '"talkSeconds":-1',
  '\ud800',
  'é',
];

/** A mutation of `seed`: random cuts, duplications, inserted fragments and random code units. */
export function mutate(random: Random, seed: string, fragments: readonly string[] = XML_FRAGMENTS, maxEdits = 6): string {
  let text = seed;
  const edits = 1 + Math.floor(random() * maxEdits);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (text.length + 1));
    const kind = random();
    if (kind < 0.3) text = text.slice(0, at) + fragments[Math.floor(random() * fragments.length)] + text.slice(at);
    else if (kind < 0.5) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
    else if (kind < 0.7) text = text.slice(0, at) + text.slice(at, at + 20).repeat(1 + Math.floor(random() * 4)) + text.slice(at);
    else text = text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0xffff)) + text.slice(at);
  }
  return text;
}

/** One element of `items`, uniformly. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** One key of `weights`, with probability proportional to its weight. */
export function weighted<K extends string>(random: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries[entries.length - 1]![0];
}
