import { escapeXml } from '../xml/escape.js';
import { resolveSpecUrl } from './urls.js';

/**
 * The static URLs the renderer absolutises against the spec URL (gadget-reference §1.3, Shindig's list).
 * `link[href]` only when `rel` names a stylesheet. Not rewritten: `a[href]`, `iframe[src]`,
 * `form[action]`, inline style `url()`.
 */
const REWRITTEN: Readonly<Record<string, string>> = {
  script: 'src',
  link: 'href',
  img: 'src',
  input: 'src',
  embed: 'src',
  body: 'background',
};

/** Elements whose content is raw text: no tag inside them is a tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Attr {
  name: string;
  /** Offsets of the whole attribute (name through value) in the source. */
  start: number;
  end: number;
  value: string | undefined;
}

/**
 * Rewrites the gadget's Content HTML for rendering: relative static URLs resolved against the spec URL,
 * every authored `<base>` removed, everything else left byte for byte. A small tokenizer of HTML start
 * tags, comments and raw-text elements (no DOM); attribute values are decoded for the predefined and
 * numeric character references only, and a value with any other reference is left as written.
 */
export function rewriteContentUrls(html: string, specUrl: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close < 0 ? html.length : close + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?' || html[lt + 1] === '/') {
      const close = html.indexOf('>', lt + 1);
      i = close < 0 ? html.length : close + 1;
      continue;
    }
    const nameMatch = /^[A-Za-z][^\s/>]*/.exec(html.slice(lt + 1, lt + 1 + 64));
    if (!nameMatch) {
      i = lt + 1;
      continue;
    }
    const name = nameMatch[0].toLowerCase();
    const tag = readTag(html, lt + 1 + nameMatch[0].length);
    const end = tag.end;
    if (name === 'base') {
      out += html.slice(copied, lt);
      copied = end;
    } else if (Object.hasOwn(REWRITTEN, name)) {
      const attrName = REWRITTEN[name]!;
      const target = tag.attrs.find((a) => a.name === attrName);
      const rel =
        tag.attrs
          .find((a) => a.name === 'rel')
          ?.value?.toLowerCase()
          .split(/\s+/) ?? [];
      if (target?.value !== undefined && (name !== 'link' || rel.includes('stylesheet'))) {
        const resolved = rewriteValue(target.value, specUrl);
        if (resolved !== undefined) {
          out += `${html.slice(copied, target.start)}${attrName}="${escapeXml(resolved)}"`;
          copied = target.end;
        }
      }
    }
    i = end;
    if (RAW_TEXT.has(name)) {
      // `/>` does not close a non-void HTML element: `<script src=x/>` still opens raw text.
      const close = new RegExp(`</${name}[\\s/>]`, 'i').exec(html.slice(end));
      i = close ? end + close.index : html.length;
    }
  }
  return out + html.slice(copied);
}

function rewriteValue(raw: string, specUrl: string): string | undefined {
  const value = decode(raw)?.trim();
  if (value === undefined || value === '') return undefined;
  // Already absolute (any scheme) or protocol-relative: left as written.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.startsWith('//')) return undefined;
  return resolveSpecUrl(value, specUrl);
}

function decode(raw: string): string | undefined {
  let failed = false;
  const text = raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    const lower = ref.toLowerCase();
    if (lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
      if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    } else if (Object.hasOwn(NAMED, lower)) return NAMED[lower]!;
    failed = true;
    return whole;
  });
  return failed ? undefined : text;
}

/** Reads the attributes of a start tag from just after its name up to and including its `>`. */
function readTag(html: string, from: number): { attrs: Attr[]; end: number } {
  const attrs: Attr[] = [];
  const names = new Set<string>();
  let i = from;
  const n = html.length;
  while (i < n) {
    while (i < n && /[\s/]/.test(html[i]!)) i++;
    if (i >= n) break;
    if (html[i] === '>') return { attrs, end: i + 1 };
    const start = i;
    while (i < n && !/[\s/>=]/.test(html[i]!)) i++;
    const name = html.slice(start, i).toLowerCase();
    let j = i;
    while (j < n && /\s/.test(html[j]!)) j++;
    let value: string | undefined;
    if (html[j] === '=') {
      j++;
      while (j < n && /\s/.test(html[j]!)) j++;
      const quote = html[j];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, j + 1);
        value = html.slice(j + 1, close < 0 ? n : close);
        i = close < 0 ? n : close + 1;
      } else {
        const s = j;
        while (j < n && !/[\s>]/.test(html[j]!)) j++;
        value = html.slice(s, j);
        i = j;
      }
    }
    if (name !== '' && !names.has(name)) {
      names.add(name);
      attrs.push({ name, start, end: i, value });
    }
    if (i === start) i++;
  }
  return { attrs, end: n };
}
