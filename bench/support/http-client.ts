import { connect, type Socket } from 'node:net';

export interface HttpAnswer {
  status: number;
  ms: number;
}

interface Pending {
  bytes: string;
  started: number;
  resolve(answer: HttpAnswer): void;
  reject(error: Error): void;
}

/**
 * One keep-alive connection carrying one request at a time. Responses are framed by Content-Length
 * (what the server sends on every Finesse API answer) or, failing that, by a chunked body's last chunk.
 */
class Connection {
  private readonly socket: Socket;
  private buffer = '';
  private current: Pending | null = null;
  closed = false;

  constructor(
    port: number,
    private readonly onIdle: (connection: Connection) => void,
    onClosed: (connection: Connection) => void,
  ) {
    this.socket = connect({ port, host: '127.0.0.1' });
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.current?.reject(new Error('connection closed before the response'));
      this.current = null;
      onClosed(this);
    });
  }

  send(request: Pending): void {
    this.current = request;
    this.socket.write(request.bytes, 'latin1');
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer += chunk.toString('latin1');
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0 || !this.current) return;
    const head = this.buffer.slice(0, headEnd);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end: number;
    if (length) end = headEnd + 4 + Number(length[1]);
    else {
      const last = this.buffer.indexOf('\r\n0\r\n\r\n', headEnd);
      end = last < 0 ? Number.POSITIVE_INFINITY : last + 7;
    }
    if (this.buffer.length < end) return;
    const request = this.current;
    this.current = null;
    this.buffer = this.buffer.slice(end);
    request.resolve({ status: Number(head.slice(9, 12)), ms: performance.now() - request.started });
    this.onIdle(this);
  }
}

/**
 * Keep-alive HTTP requests with Basic auth over at most `maxSockets` connections, resolving with the
 * status and elapsed milliseconds. Written on bare sockets rather than Node's http client, which costs
 * the load generator several times the CPU per request and would make it, not the server, the limit.
 */
export class BenchHttpClient {
  private readonly idle: Connection[] = [];
  private readonly waiting: Pending[] = [];
  private readonly all = new Set<Connection>();

  constructor(
    private readonly port: number,
    private readonly maxSockets: number,
  ) {}

  request(method: string, path: string, user: string, password: string, body?: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    let head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${this.port}\r\nauthorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    const payload = body === undefined ? '' : Buffer.from(body, 'utf8').toString('latin1');
    if (body !== undefined) head += `content-type: application/xml\r\ncontent-length: ${payload.length}\r\n`;
    const started = performance.now();
    return new Promise((resolve, reject) => this.dispatch({ bytes: `${head}\r\n${payload}`, started, resolve, reject }));
  }

  close(): void {
    this.waiting.length = 0;
    for (const connection of this.all) connection.destroy();
    this.all.clear();
  }

  private dispatch(request: Pending): void {
    let connection = this.idle.pop();
    while (connection?.closed) connection = this.idle.pop();
    if (!connection && this.all.size < this.maxSockets) {
      connection = new Connection(
        this.port,
        (c) => this.release(c),
        (c) => this.forget(c),
      );
      this.all.add(connection);
    }
    if (connection) connection.send(request);
    else this.waiting.push(request);
  }

  /** A connection the server closed: requests still waiting get a new one. */
  private forget(connection: Connection): void {
    this.all.delete(connection);
    const next = this.waiting.shift();
    if (next) this.dispatch(next);
  }

  private release(connection: Connection): void {
    const next = this.waiting.shift();
    if (next) connection.send(next);
    else this.idle.push(connection);
  }
}
