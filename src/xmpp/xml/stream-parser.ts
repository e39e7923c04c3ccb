import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import { Element } from '../../xml/element.js';

/**
 * What saxes 6 keeps about where it is and that its API does not show: the state (13 text, 14 inside an
 * entity reference), the entity name read so far, the characters fully consumed before the chunk being
 * written (`position` is only right inside an event), and a trailing CR or high surrogate it holds back
 * for the next chunk.
 */
interface SaxInternals {
  state: number;
  entity: string;
  chunkPosition: number;
  carriedFromPrevious: string | undefined;
}
const S_TEXT = 13;
const S_ENTITY = 14;
const PARTIAL_ENTITY = /^(#x[0-9A-Fa-f]{0,6}|#[0-9]{0,7}|[a-z]{0,4})$/;
const internals = (sax: SaxesParser): SaxInternals => sax as unknown as SaxInternals;

export type StreamErrorCondition = 'not-well-formed' | 'restricted-xml' | 'policy-violation' | 'bad-format';

export interface StreamParserHandler {
  /** The document root opened; its element carries the attributes, never any children. */
  onRoot(root: Element): void;
  /** A complete child of the root: a stanza or a stream-level element. */
  onElement(element: Element): void;
  onRootClose(): void;
  onError(condition: StreamErrorCondition, text: string): void;
}

export interface StreamParserLimits {
  /** Largest top-level child, counted in characters of its serialized form. */
  maxStanzaBytes: number;
  /** Deepest nesting allowed inside a top-level child. */
  maxDepth: number;
}

/**
 * Incremental parser for one XML stream. Builds a small element tree per top-level child only; the root
 * stays open for the life of the stream. DOCTYPE, processing instructions and comments are refused
 * (RFC 6120 §11.1), so no entity beyond the five predefined ones can ever be expanded. After the first
 * error the parser ignores all further input.
 */
export class XmlStreamParser {
  private sax!: SaxesParser;
  private decoder = new StringDecoder('utf8');
  private stack: Element[] = [];
  /** Where the current top-level child (or the gap before it) began; bounds buffered input. */
  private stanzaStart = 0;
  private failed = false;
  private generation = 0;
  /** While a chunk is being parsed: where it began, and what is left of it when the stream restarts in it. */
  private chunkStart = -1;
  private restartOffset: number | null = null;

  constructor(
    private readonly handler: StreamParserHandler,
    private readonly limits: StreamParserLimits,
  ) {
    this.reset();
  }

  /**
   * Starts a fresh document after STARTTLS, or when the stream ends: what is left of the chunk being parsed
   * is dropped, never read as if it had come through the new layer.
   */
  reset(): void {
    this.decoder = new StringDecoder('utf8');
    this.restartOffset = null;
    this.newDocument();
  }

  /**
   * Starts a fresh document on the same byte stream (after SASL success): input that arrived behind the
   * element that caused the restart belongs to the new document.
   */
  restart(): void {
    const consumed = this.chunkStart < 0 ? null : this.sax.position - this.chunkStart;
    this.newDocument();
    this.restartOffset = consumed;
  }

  private newDocument(): void {
    const generation = ++this.generation;
    this.stack = [];
    this.stanzaStart = 0;
    const sax = new SaxesParser({ xmlns: false, position: true });
    const live = (): boolean => generation === this.generation && !this.failed;
    sax.on('opentagstart', () => {
      if (live() && this.stack.length === 1) this.stanzaStart = sax.position;
    });
    sax.on('opentag', (tag) => live() && this.openTag(tag as SaxesTagPlain));
    sax.on('closetag', () => live() && this.closeTag());
    sax.on('text', (text) => live() && this.text(text));
    sax.on('cdata', (text) => live() && this.text(text));
    sax.on('doctype', () => live() && this.fail('restricted-xml', 'DOCTYPE is not allowed'));
    sax.on('processinginstruction', () => live() && this.fail('restricted-xml', 'processing instructions are not allowed'));
    sax.on('comment', () => live() && this.fail('restricted-xml', 'comments are not allowed'));
    sax.on('error', (err) => live() && this.fail('not-well-formed', err.message));
    this.sax = sax;
  }

  get depth(): number {
    return this.stack.length;
  }

  get hasFailed(): boolean {
    return this.failed;
  }

  /** Whether the input so far ends between two top-level elements (not inside a tag, text, entity or section). */
  get atElementBoundary(): boolean {
    return this.stack.length === 1 && internals(this.sax).state === S_TEXT;
  }

  write(chunk: Buffer | string): void {
    if (this.failed) return;
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text.length > 0) this.parse(text);
  }

  private parse(text: string): void {
    const sax = this.sax;
    const before = internals(sax);
    // Inside events, sax.position - chunkStart is an index into `text`.
    this.chunkStart = before.chunkPosition + (before.carriedFromPrevious?.length ?? 0);
    this.restartOffset = null;
    try {
      sax.write(text);
    } catch (err) {
      this.fail('not-well-formed', (err as Error).message);
    } finally {
      this.chunkStart = -1;
    }
    if (this.restartOffset !== null) {
      const rest = text.slice(this.restartOffset);
      this.restartOffset = null;
      if (!this.failed && rest.length > 0) this.parse(rest);
      return;
    }
    if (this.failed) return;
    const after = internals(sax);
    if (after.chunkPosition - this.stanzaStart > this.limits.maxStanzaBytes) return this.fail('policy-violation', 'stanza too large');
    // saxes reads an entity reference up to its ';' whatever comes first; only the five predefined
    // entities and character references exist here, so anything longer is refused at once.
    const { state, entity } = after;
    if (state === S_ENTITY && !PARTIAL_ENTITY.test(entity)) this.fail('not-well-formed', 'malformed entity reference');
  }

  /** Declares the end of the document; an unclosed root is an error. */
  end(): void {
    if (this.failed) return;
    try {
      this.sax.close();
    } catch (err) {
      this.fail('not-well-formed', (err as Error).message);
    }
  }

  private openTag(tag: SaxesTagPlain): void {
    const parent = this.stack.length > 1 ? this.stack[this.stack.length - 1]! : null;
    const element = new Element(tag.name, tag.attributes as Record<string, string>, parent ?? this.stack[0] ?? null);
    if (this.stack.length === 0) {
      this.stack.push(element);
      this.stanzaStart = this.sax.position;
      this.handler.onRoot(element);
      return;
    }
    if (this.stack.length > this.limits.maxDepth) {
      this.fail('policy-violation', 'nesting too deep');
      return;
    }
    parent?.appendChild(element);
    this.stack.push(element);
  }

  private closeTag(): void {
    const element = this.stack.pop();
    if (!element) return;
    if (this.stack.length === 0) {
      this.handler.onRootClose();
      return;
    }
    if (this.stack.length === 1) {
      if (this.sax.position - this.stanzaStart > this.limits.maxStanzaBytes) {
        this.fail('policy-violation', 'stanza too large');
        return;
      }
      this.stanzaStart = this.sax.position;
      this.handler.onElement(element);
    }
  }

  private text(text: string): void {
    if (this.stack.length < 2) return; // whitespace keep-alives and text between stanzas
    const top = this.stack[this.stack.length - 1]!;
    top.appendText(text);
  }

  private fail(condition: StreamErrorCondition, text: string): void {
    if (this.failed) return;
    this.failed = true;
    this.handler.onError(condition, text);
  }
}
