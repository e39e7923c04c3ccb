import { deriveSeed, mutate, pick, prng, type Random, XML_FRAGMENTS } from '../support/mutator.js';
import { pingIq, replyTo, STREAM_HEADER, TcpConnection } from '../support/soak-xmpp.js';
import { asSent, ShadowStream } from '../support/xml-shadow.js';
import { PASSWORD, XMPP_USERS } from './accounts.js';
import { type Context, edits, mutatedBatch, sleep, type Terminal } from './context.js';
import { PRE_AUTH_TCP, STANZAS } from './seeds.js';

export async function xmppTcpWorker(ctx: Context, lane: number): Promise<void> {
  await new XmppTcpLane(ctx, lane).run();
}

class XmppTcpLane {
  private readonly random: Random;
  private readonly user: string;
  private readonly resource: string;
  private readonly stanzas: string[];
  private lastInput = '';
  private conn: TcpConnection | null = null;
  private shadow: ShadowStream | null = null;
  private sync = 0;
  private preAuthCount = 0;

  constructor(
    private readonly ctx: Context,
    private readonly lane: number,
  ) {
    this.random = prng(deriveSeed(ctx.seed, `xmpp-tcp-${lane}`));
    this.user = XMPP_USERS[lane % XMPP_USERS.length]!;
    this.resource = `soak-tcp-${lane}`;
    this.stanzas = STANZAS(this.user, `${this.user.toLowerCase()}@localhost/${this.resource}`);
  }

  private onText(input: () => string): (text: string) => void {
    return (text) => this.ctx.figures.xmppOutput('xmpp-tcp', text, input());
  }

  async run(): Promise<void> {
    try {
      while (!this.ctx.budget.stopped) {
        if (this.random() < 0.15) {
          if (!this.ctx.budget.take('xmpp-tcp')) break;
          await this.preAuth();
          continue;
        }
        if ((!this.conn || this.conn.closed) && !(await this.login())) continue;
        if (!(await this.sendBatch(this.conn!))) break;
      }
    } finally {
      this.conn?.destroy();
    }
  }

  /** A connection of its own, from its own address, that sends a mutated opening and never signs in. */
  private async preAuth(): Promise<void> {
    const { ctx, random } = this;
    const input = asSent(mutate(random, pick(random, PRE_AUTH_TCP), XML_FRAGMENTS, edits(random)));
    const n = this.preAuthCount++;
    const c = new TcpConnection(
      ctx.xmppPort,
      this.onText(() => input),
      `127.${1 + this.lane}.${(n >> 8) & 0xff}.${1 + (n % 250)}`,
    );
    c.write(input);
    c.end();
    if (!(await c.waitClosed(5000))) {
      ctx.figures.count('xmppPreAuthNotClosed');
      c.destroy();
    }
    ctx.figures.count('xmppPreAuthConnections');
  }

  private async login(): Promise<boolean> {
    const { ctx } = this;
    const conn = new TcpConnection(
      ctx.xmppPort,
      this.onText(() => this.lastInput),
    );
    this.conn = conn;
    ctx.figures.count('xmppTcpLogins');
    if (!(await conn.login(this.user, PASSWORD, this.resource))) {
      ctx.figures.count('xmppTcpLoginFailures');
      conn.destroy();
      this.conn = null;
      await sleep(100);
      return false;
    }
    this.shadow = new ShadowStream(STREAM_HEADER);
    return true;
  }

  /** Mutated stanzas, then a ping when the stream should still answer one; false when the budget allowed none. */
  private async sendBatch(conn: TcpConnection): Promise<boolean> {
    const batch = mutatedBatch(this.ctx, 'xmpp-tcp', this.random, this.stanzas, this.shadow!);
    let terminal = batch.terminal;
    if (batch.parts.length === 0) return false;
    this.lastInput = batch.parts.join('');
    const id = `sync${this.sync++}`;
    if (terminal === null && !this.shadow!.completes(pingIq(id), id)) {
      // Well-formed so far, but something left unfinished (a comment, an entity reference, a tag) would
      // swallow the ping: give up on this stream as below.
      terminal = 'open';
      this.lastInput += pingIq(id);
    }
    if (terminal === null) await this.sendWithPing(conn, id);
    else await this.expectClose(conn, terminal);
    return true;
  }

  private async sendWithPing(conn: TcpConnection, id: string): Promise<void> {
    const { figures } = this.ctx;
    conn.write(this.lastInput + pingIq(id));
    const result = await conn.wait(replyTo(id), 10_000);
    if (result === 'closed') figures.count('xmppTcpStreamsClosedByServer');
    if (result === 'timeout') {
      figures.count('xmppTcpStalls');
      figures.example({ what: 'no answer to a ping pipelined after well-formed stanzas', kind: 'xmpp-tcp', input: this.lastInput, detail: '' });
      conn.destroy();
      this.conn = null;
    }
  }

  private async expectClose(conn: TcpConnection, terminal: Terminal): Promise<void> {
    const { figures } = this.ctx;
    conn.write(this.lastInput);
    if (terminal === 'open') {
      // The server waits for the rest of the element: end our side, as a client that gave up would.
      figures.count('xmppTcpLeftOpen');
      conn.end();
    }
    if (await conn.waitClosed(10_000)) {
      if (terminal !== 'open') figures.count('xmppTcpStreamsClosedByServer');
    } else {
      figures.count('xmppTcpNotClosedAfterError');
      figures.example({ what: `stream not closed after a ${terminal} input`, kind: 'xmpp-tcp', input: this.lastInput, detail: '' });
      conn.destroy();
    }
    this.conn = null;
  }
}
