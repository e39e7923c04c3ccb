import { connect, type Socket } from 'node:net';

/**
 * What one request written on a raw connection came to: a complete response, the connection closed
 * (or reset) before a complete response, or no complete response within the time allowed.
 */
export type HttpOutcome = { kind: 'response'; status: number; head: string; body: Buffer } | { kind: 'closed'; silent?: boolean } | { kind: 'timeout' };

/**
 * HTTP/1.1 over a bare TCP socket, one request at a time, so a load generator can send bytes Node's own
 * client would refuse to (control characters in targets, malformed header lines, conflicting framing
 * headers) and still reuse the connection while the server keeps it open. The response parser knows
 * Content-Length, chunked and close-delimited bodies and skips interim 1xx responses. Any byte that
 * arrives when no request is waiting, or is left over after a response, poisons the connection (it is
 * destroyed), so a response is never attributed to the wrong request.
 */
export class RawHttpConnection {
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiter: ((outcome: HttpOutcome) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private received = 0;
  /** Requests written on this connection so far. */
  requests = 0;
  /** No further request may be sent on this connection. */
  dead = false;

  constructor(port: number, localAddress?: string) {
    this.socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => this.onClose());
  }

  /** Writes `data` and resolves with what came back; a connection can carry one request at a time. */
  request(data: Buffer, timeoutMs: number): Promise<HttpOutcome> {
    if (this.dead || this.waiter) return Promise.resolve({ kind: 'closed' });
    this.requests++;
    this.received = 0;
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.timer = setTimeout(() => this.finish({ kind: 'timeout' }, true), timeoutMs);
      this.socket.write(data);
      this.tryParse();
    });
  }

  destroy(): void {
    this.dead = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.received += chunk.length;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (!this.waiter) {
      // Unsolicited bytes (a second response to one request): the stream is out of step.
      this.destroy();
      return;
    }
    this.tryParse();
  }

  private onClose(): void {
    this.closed = true;
    this.dead = true;
    if (this.waiter) this.tryParse();
  }

  private finish(outcome: HttpOutcome, destroy: boolean): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (destroy) this.destroy();
    waiter?.(outcome);
  }

  private tryParse(): void {
    if (!this.waiter) return;
    for (;;) {
      const headEnd = this.buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (this.closed) this.finish({ kind: 'closed', silent: this.received === 0 }, true);
        return;
      }
      const head = this.buffer.subarray(0, headEnd).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (!status) return this.finish({ kind: 'closed' }, true);
      const code = Number(status[1]);
      const bodyStart = headEnd + 4;
      if (code >= 100 && code < 200 && code !== 101) {
        this.buffer = this.buffer.subarray(bodyStart);
        continue;
      }
      const lower = head.toLowerCase();
      const keepAlive = !/\r\nconnection:[^\r]*close/.test(lower) && code !== 101;
      let end: number;
      if (code === 204 || code === 304) end = bodyStart;
      else if (/\r\ntransfer-encoding:[^\r]*chunked/.test(lower)) {
        const chunkedEnd = endOfChunked(this.buffer, bodyStart);
        if (chunkedEnd === null) return this.closed ? this.finish({ kind: 'closed' }, true) : undefined;
        end = chunkedEnd;
      } else {
        const length = /\r\ncontent-length:\s*(\d+)/.exec(lower);
        if (length) {
          end = bodyStart + Number(length[1]);
          if (this.buffer.length < end) return this.closed ? this.finish({ kind: 'closed' }, true) : undefined;
        } else {
          if (!this.closed) return; // close-delimited
          end = this.buffer.length;
        }
      }
      const body = this.buffer.subarray(bodyStart, end);
      const leftover = this.buffer.length > end;
      this.buffer = Buffer.alloc(0);
      this.finish({ kind: 'response', status: code, head, body }, !keepAlive || leftover || this.closed);
      return;
    }
  }
}

/** The offset just past a complete chunked body starting at `from`, or null when more is needed. */
function endOfChunked(buffer: Buffer, from: number): number | null {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return buffer.length;
    at = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = buffer.indexOf('\r\n', at);
      if (trailerEnd < 0) return null;
      if (trailerEnd === at) return at + 2;
      const end = buffer.indexOf('\r\n\r\n', at);
      return end < 0 ? null : end + 4;
    }
    if (buffer.length < at + size + 2) return null;
    at += size + 2;
  }
}

/** Requests sent again, on a new connection, after a reused connection closed under them. */
export const rawHttpStats = { retries: 0 };

/**
 * One worker's HTTP connection: reused while the server keeps it open (keep-alive), replaced when it
 * closes; `oneShot` requests get a connection of their own that is closed after the answer.
 */
export class HttpLane {
  private conn: RawHttpConnection | null = null;
  private oneShots = 0;

  constructor(
    private readonly port: number,
    private readonly laneIndex: number,
  ) {}

  async send(data: Buffer, options: { oneShot?: boolean; timeoutMs?: number } = {}): Promise<HttpOutcome> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (options.oneShot) {
      // Spread short-lived connections over many loopback source addresses, so TIME_WAIT never runs
      // out of ports.
      const n = this.oneShots++;
      const conn = new RawHttpConnection(this.port, `127.${1 + (this.laneIndex % 200)}.${(n >> 8) & 0xff}.${1 + (n % 250)}`);
      const outcome = await conn.request(data, timeoutMs);
      conn.destroy();
      return outcome;
    }
    if (!this.conn || this.conn.dead) this.conn = new RawHttpConnection(this.port);
    const conn = this.conn;
    const outcome = await conn.request(data, timeoutMs);
    if (outcome.kind === 'closed' && outcome.silent && conn.requests > 1) {
      // The server closed a reused connection as the request went out (after an error answer it closes
      // without saying so): the request most likely was never read. Once more on a new connection.
      rawHttpStats.retries++;
      this.conn = new RawHttpConnection(this.port);
      return this.conn.request(data, timeoutMs);
    }
    return outcome;
  }

  close(): void {
    this.conn?.destroy();
    this.conn = null;
  }
}

/** A request as bytes: request line, header lines (or a raw header block), blank line, body. */
export function rawRequest(method: string, target: string, headers: string | [string, string][], body?: string | Buffer): Buffer {
  const block = typeof headers === 'string' ? headers : headers.map(([k, v]) => `${k}: ${v}`).join('\r\n');
  const head = Buffer.from(`${method} ${target} HTTP/1.1\r\n${block}${block ? '\r\n' : ''}\r\n`, 'utf8');
  if (body === undefined) return head;
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
