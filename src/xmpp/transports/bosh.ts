import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attributes } from '../../xml/escape.js';
import type { Clock, Timer } from '../ports.js';
import type { StreamHandler, Transport } from '../transport.js';
import type { StreamErrorCondition, StreamParserLimits } from '../xml/stream-parser.js';
import { BODY_OPEN, BOSH_VERSION, CORS_HEADERS, boshVersion, clampInt, emptyBody, parseBody, respond, respondTerminate, sidIn } from './bosh-wire.js';
import type { ParsedBody } from './bosh-wire.js';

export interface BoshOptions {
  clock: Clock;
  limits: StreamParserLimits;
  maxSessions: number;
  /** Creates the XMPP session for a new BOSH session, or returns null when the client is refused. */
  createSession(transport: BoshTransport): StreamHandler | null;
}

const MAX_WAIT_SECONDS = 60;
const MAX_HOLD = 2;
const INACTIVITY_SECONDS = 60;
const POLLING_SECONDS = 2;

interface HeldRequest {
  rid: number;
  res: ServerResponse;
  timer: Timer;
}

/**
 * XEP-0124 / XEP-0206 connection manager: creates BOSH sessions, orders requests by `rid`, answers
 * retransmissions from a small cache, and turns each BOSH session into a Transport for an XMPP stream.
 */
export class BoshService {
  private readonly sessions = new Map<string, BoshTransport>();

  constructor(private readonly options: BoshOptions) {}

  get size(): number {
    return this.sessions.size;
  }

  handle(req: IncomingMessage, res: ServerResponse, secure: boolean): void {
    res.on('error', () => undefined);
    req.on('error', () => res.destroy());
    if (req.method === 'OPTIONS') {
      res.writeHead(200, { ...CORS_HEADERS, 'Content-Length': '0' }).end();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('openfinesse BOSH endpoint: POST XEP-0124 bodies here\n');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { ...CORS_HEADERS, Allow: 'GET, POST, OPTIONS' }).end();
      return;
    }
    const limit = this.options.limits.maxStanzaBytes * 2 + 4096;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        const sid = sidIn(Buffer.concat(chunks.concat(chunk)).subarray(0, 2048).toString('utf8'));
        this.terminateBy(sid, 'policy-violation');
        respondTerminate(res, 'policy-violation', 413);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      this.onBody(Buffer.concat(chunks), res, secure, req.socket.remoteAddress ?? 'unknown');
    });
  }

  close(): void {
    for (const transport of [...this.sessions.values()]) transport.session.close('system-shutdown');
  }

  forget(sid: string): void {
    this.sessions.delete(sid);
  }

  private onBody(raw: Buffer, res: ServerResponse, secure: boolean, remoteAddress: string): void {
    const parsed = parseBody(raw, this.options.limits);
    if ('error' in parsed) {
      const transport = this.sessions.get(sidIn(raw.subarray(0, 2048).toString('utf8')) ?? '');
      if (!transport) return respondTerminate(res, 'bad-request', 400);
      // The stream error travels on this very request, which is outside the rid sequence.
      transport.hold(res, Number.NaN);
      transport.session.onParseError(parsed.error, parsed.text);
      return;
    }
    const rid = Number(parsed.attributes.rid);
    if (!Number.isSafeInteger(rid) || rid < 0) return respondTerminate(res, 'bad-request', 400);
    const sid = parsed.attributes.sid;
    if (sid === undefined) return this.create(parsed, rid, res, secure, remoteAddress);
    const transport = this.sessions.get(sid);
    if (!transport) return respondTerminate(res, 'item-not-found', 404);
    transport.request(rid, parsed, res);
  }

  private create(body: ParsedBody, rid: number, res: ServerResponse, secure: boolean, remoteAddress: string): void {
    if (this.sessions.size >= this.options.maxSessions) return respondTerminate(res, 'policy-violation', 503);
    const { attributes: attrs } = body;
    const wait = clampInt(attrs.wait, 1, MAX_WAIT_SECONDS, MAX_WAIT_SECONDS);
    const hold = clampInt(attrs.hold, 0, MAX_HOLD, 1);
    const sid = randomBytes(16).toString('hex');
    const transport = new BoshTransport(this, sid, rid, wait, hold, secure, remoteAddress, this.options.clock);
    transport.ver = boshVersion(attrs.ver);
    const session = this.options.createSession(transport);
    if (!session) return respondTerminate(res, 'policy-violation', 503);
    transport.attach(session);
    this.sessions.set(sid, transport);
    transport.hold(res, rid);
    session.onStreamOpen({ to: attrs.to ?? '', version: attrs['xmpp:version'] ?? '1.0' });
    for (const stanza of body.stanzas) session.onStanza(stanza);
  }

  private terminateBy(sid: string | undefined, condition: StreamErrorCondition): void {
    if (sid !== undefined) this.sessions.get(sid)?.session.onParseError(condition, 'request too large');
  }
}

/** One BOSH session seen from its XMPP session: queued output waits for the next held request. */
export class BoshTransport implements Transport {
  readonly kind = 'bosh';
  readonly canStartTls = false;
  session!: StreamHandler;
  /** XEP-0124 §7.1: the lower of the client's version and ours. */
  ver = BOSH_VERSION;
  private readonly held: HeldRequest[] = [];
  private readonly waiting = new Map<number, { body: ParsedBody; res: ServerResponse }>();
  private readonly answered = new Map<number, string>();
  private pending: (string | Buffer)[] = [];
  private pendingBytes = 0;
  private lastRid: number;
  private creationAnswered = false;
  private authid = '';
  private domain = '';
  private terminating: string | null = null;
  private ended = false;
  private flushScheduled = false;
  private inactivityTimer: Timer | null = null;

  constructor(
    private readonly service: BoshService,
    readonly sid: string,
    firstRid: number,
    private readonly wait: number,
    private readonly holdCount: number,
    readonly secure: boolean,
    readonly remoteAddress: string,
    private readonly clock: Clock,
  ) {
    this.lastRid = firstRid;
  }

  attach(session: StreamHandler): void {
    this.session = session;
  }

  get queuedBytes(): number {
    return this.pendingBytes;
  }

  /** A request of this session arrived; it is processed once every earlier rid was. */
  request(rid: number, body: ParsedBody, res: ServerResponse): void {
    this.session.touch();
    if (rid <= this.lastRid) {
      const cached = this.answered.get(rid);
      if (cached !== undefined) return respond(res, cached);
      const heldIndex = this.held.findIndex((h) => h.rid === rid);
      if (heldIndex >= 0) {
        respond(this.held[heldIndex]!.res, emptyBody());
        this.held[heldIndex]!.res = res;
        return;
      }
      respondTerminate(res, 'item-not-found', 404);
      return this.session.close();
    }
    if (rid > this.lastRid + this.holdCount + 1) {
      respondTerminate(res, 'item-not-found', 404);
      return this.session.close();
    }
    this.waiting.set(rid, { body, res });
    for (let next = this.waiting.get(this.lastRid + 1); next; next = this.waiting.get(this.lastRid + 1)) {
      this.waiting.delete(++this.lastRid);
      this.process(this.lastRid, next.body, next.res);
    }
  }

  hold(res: ServerResponse, rid: number): void {
    const timer = this.clock.setTimer(this.wait * 1000, () => this.release(entry, emptyBody()));
    const entry: HeldRequest = { rid, res, timer };
    res.on('close', () => {
      if (!res.writableEnded) this.dropHeld(entry);
    });
    this.held.push(entry);
    this.inactivityTimer?.cancel();
    this.inactivityTimer = null;
    this.scheduleFlush();
  }

  openStream(streamId: string, domain: string): void {
    this.authid = streamId;
    this.domain = domain;
  }

  send(xml: string): void {
    if (this.terminating !== null) return;
    this.pending.push(xml);
    this.pendingBytes += xml.length;
    this.scheduleFlush();
  }

  sendParts(head: string, shared: Buffer): void {
    if (this.terminating !== null) return;
    this.pending.push(head, shared);
    this.pendingBytes += head.length + shared.length;
    this.scheduleFlush();
  }

  expectRestart(): void {}

  startTls(): void {}

  closeWithError(streamError: string, abort = false): void {
    if (this.terminating !== null) return;
    if (abort) this.pending = [];
    this.pending.push(streamError);
    this.terminate(`type='terminate' condition='remote-stream-error'`);
  }

  close(): void {
    if (this.terminating !== null) return;
    this.terminate(`type='terminate'`);
  }

  private process(rid: number, body: ParsedBody, res: ServerResponse): void {
    this.hold(res, rid);
    const { attributes: attrs } = body;
    for (const stanza of body.stanzas) this.session.onStanza(stanza);
    if (attrs['xmpp:restart'] === 'true') this.session.onStreamOpen({ to: attrs.to ?? '', version: '1.0' });
    if (attrs.type === 'terminate') this.session.onStreamClose();
  }

  private terminate(attrs: string): void {
    this.terminating = attrs;
    this.service.forget(this.sid);
    this.scheduleFlush();
    // With no request to carry the terminate body, the next one (if any) gets item-not-found.
    this.inactivityTimer?.cancel();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.ended) return;
    if (this.terminating !== null) {
      const first = this.held.shift();
      if (!first) return this.finish();
      this.release(first, this.body(this.terminating));
      for (const h of this.held.splice(0)) this.release(h, `${BODY_OPEN} ${this.terminating}/>`);
      return this.finish();
    }
    if (this.pending.length > 0 && this.held.length > 0) this.release(this.held.shift()!, this.body(''));
    while (this.held.length > this.holdCount) this.release(this.held.shift()!, this.body(''));
    if (this.held.length === 0 && !this.inactivityTimer) {
      this.inactivityTimer = this.clock.setTimer(INACTIVITY_SECONDS * 1000, () => {
        this.inactivityTimer = null;
        if (this.held.length === 0) this.session.close();
      });
    }
  }

  /** A response body carrying everything pending; the first response also creates the session. */
  private body(extraAttrs: string): string | Buffer {
    let open = BODY_OPEN + (extraAttrs ? ` ${extraAttrs}` : '');
    if (!this.creationAnswered) {
      this.creationAnswered = true;
      open += attributes({
        sid: this.sid,
        wait: String(this.wait),
        hold: String(this.holdCount),
        requests: String(this.holdCount + 1),
        inactivity: String(INACTIVITY_SECONDS),
        polling: String(POLLING_SECONDS),
        maxpause: '0',
        ver: this.ver,
        from: this.domain,
        authid: this.authid,
        secure: String(this.secure),
        'xmpp:version': '1.0',
        'xmpp:restartlogic': 'true',
      });
    }
    if (this.pending.length === 0) return `${open}/>`;
    const parts = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return Buffer.concat([Buffer.from(`${open}>`), ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)), Buffer.from('</body>')]);
  }

  private release(entry: HeldRequest, body: string | Buffer): void {
    entry.timer.cancel();
    const index = this.held.indexOf(entry);
    if (index >= 0) this.held.splice(index, 1);
    if (!Number.isNaN(entry.rid)) {
      this.answered.set(entry.rid, typeof body === 'string' ? body : body.toString('utf8'));
      for (const rid of this.answered.keys()) if (rid <= this.lastRid - this.holdCount - 1) this.answered.delete(rid);
    }
    respond(entry.res, body);
    if (this.held.length === 0 && this.terminating === null) this.scheduleFlush();
  }

  private dropHeld(entry: HeldRequest): void {
    entry.timer.cancel();
    const index = this.held.indexOf(entry);
    if (index >= 0) this.held.splice(index, 1);
    if (this.held.length === 0) this.scheduleFlush();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.inactivityTimer?.cancel();
    for (const h of this.held.splice(0)) h.timer.cancel();
    for (const w of this.waiting.values()) respondTerminate(w.res, 'item-not-found', 404);
    this.waiting.clear();
    this.session.onTransportClosed();
  }
}
