import { SaxesParser } from 'saxes';

export type ShadowState = 'ok' | 'failed' | 'open' | 'closed';

/**
 * A client-side copy of the server's XMPP stream parser (src/xmpp/xml/stream-parser.ts: saxes without
 * namespaces; DOCTYPE, processing instructions and comments refused; 32 levels deep at most), fed the
 * same text as the server. It tells the load generator, before it pipelines anything after a mutated
 * stanza, whether the server will fail the stream (`failed`), see it closed (`closed`), or wait for the
 * rest of an element left open (`open`) — in which case a ping written behind it would never be
 * answered.
 */
export class ShadowStream {
  private readonly sax = new SaxesParser({ xmlns: false, position: true });
  private depth = 0;
  private failed = false;
  private rootClosed = false;
  private openTopLevelId: string | undefined;
  /** The id attribute of the last top-level element (stanza) the parser completed. */
  private completedId: string | undefined;

  constructor(
    header: string,
    private readonly maxDepth = 32,
  ) {
    this.sax.on('opentag', (tag) => {
      if (this.failed) return;
      if (this.depth > this.maxDepth) this.failed = true;
      else {
        if (this.depth === 1) this.openTopLevelId = (tag.attributes as Record<string, string>).id;
        this.depth++;
      }
    });
    this.sax.on('closetag', () => {
      if (this.failed || this.depth === 0) return;
      this.depth--;
      if (this.depth === 1) this.completedId = this.openTopLevelId;
      if (this.depth === 0) this.rootClosed = true;
    });
    this.sax.on('doctype', () => (this.failed = true));
    this.sax.on('processinginstruction', () => (this.failed = true));
    this.sax.on('comment', () => (this.failed = true));
    this.sax.on('error', () => (this.failed = true));
    this.write(header);
  }

  /** Feeds text the server is about to receive and tells what state its parser will be in. */
  write(text: string): ShadowState {
    if (!this.failed && !this.rootClosed) {
      try {
        this.sax.write(text);
      } catch {
        this.failed = true;
      }
    }
    if (this.failed) return 'failed';
    if (this.rootClosed) return 'closed';
    return this.depth > 1 ? 'open' : 'ok';
  }

  /**
   * Feeds a stanza carrying `id` and tells whether the parser completed it as a stanza of its own. It
   * may not even when the stream stays well-formed so far: an unfinished comment, entity reference,
   * CDATA section or tag before it swallows it.
   */
  completes(stanza: string, id: string): boolean {
    this.completedId = undefined;
    return this.write(stanza) === 'ok' && this.completedId === id;
  }
}

/**
 * The text as the server will decode it: the UTF-8 encoding turns lone surrogates into U+FFFD, so the
 * shadow parser must see that too.
 */
export function asSent(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
