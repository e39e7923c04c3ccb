import { deriveSeed, mutate, pick, prng, type Random, XML_FRAGMENTS } from '../support/mutator.js';
import { pingIq, replyTo, WsConnection } from '../support/soak-xmpp.js';
import { asSent, ShadowStream } from '../support/xml-shadow.js';
import { PASSWORD, XMPP_USERS } from './accounts.js';
import { type Context, edits, mutatedBatch, sleep, type Terminal } from './context.js';
import { PRE_AUTH_WS, STANZAS } from './seeds.js';

export async function websocketWorker(ctx: Context, lane: number): Promise<void> {
  await new WebSocketLane(ctx, lane).run();
}

class WebSocketLane {
  private readonly random: Random;
  private readonly user: string;
  private readonly resource: string;
  private readonly stanzas: string[];
  private lastInput = '';
  private conn: WsConnection | null = null;
  private shadow: ShadowStream | null = null;
  private sync = 0;

  constructor(
    private readonly ctx: Context,
    lane: number,
  ) {
    this.random = prng(deriveSeed(ctx.seed, `websocket-${lane}`));
    this.user = XMPP_USERS[(lane + 1) % XMPP_USERS.length]!;
    this.resource = `soak-ws-${lane}`;
    this.stanzas = STANZAS(this.user, `${this.user.toLowerCase()}@localhost/${this.resource}`);
  }

  private readonly onText = (text: string): void => this.ctx.figures.xmppOutput('websocket', text, this.lastInput);

  private refused(c: WsConnection): void {
    if (c.refusedStatus !== null && c.refusedStatus >= 500) {
      this.ctx.figures.http5xx++;
      this.ctx.figures.example({ what: `WebSocket upgrade answered ${c.refusedStatus}`, kind: 'websocket', input: this.lastInput, detail: '' });
    }
  }

  async run(): Promise<void> {
    try {
      while (!this.ctx.budget.stopped) {
        if (this.random() < 0.15) {
          if (!this.ctx.budget.take('websocket')) break;
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

  /** A connection of its own that sends a mutated open (and perhaps a mutated auth) and never signs in. */
  private async preAuth(): Promise<void> {
    const { ctx, random } = this;
    const c = new WsConnection(ctx.port, this.onText);
    if (!(await c.opened)) {
      this.refused(c);
      ctx.figures.count('wsUpgradeFailures');
      return;
    }
    this.lastInput = asSent(mutate(random, PRE_AUTH_WS[0]!, XML_FRAGMENTS, edits(random)));
    c.write(this.lastInput);
    if (ctx.budget.take('websocket')) {
      const second = asSent(mutate(random, pick(random, PRE_AUTH_WS.slice(1)), XML_FRAGMENTS, edits(random)));
      this.lastInput += second;
      c.write(second);
    }
    c.end();
    if (!(await c.waitClosed(5000))) {
      ctx.figures.count('wsPreAuthNotClosed');
      c.destroy();
    }
    ctx.figures.count('wsPreAuthConnections');
  }

  private async login(): Promise<boolean> {
    const { ctx } = this;
    const conn = new WsConnection(ctx.port, this.onText);
    this.conn = conn;
    ctx.figures.count('wsLogins');
    if (!(await conn.login(this.user, PASSWORD, this.resource))) {
      this.refused(conn);
      ctx.figures.count('wsLoginFailures');
      conn.destroy();
      this.conn = null;
      await sleep(100);
      return false;
    }
    this.shadow = new ShadowStream('<frames>');
    return true;
  }

  /** Mutated frames and a ping; false when the budget allowed none. */
  private async sendBatch(conn: WsConnection): Promise<boolean> {
    const { parts: frames, terminal } = mutatedBatch(this.ctx, 'websocket', this.random, this.stanzas, this.shadow!);
    if (frames.length === 0) return false;
    const id = `sync${this.sync++}`;
    const unfinished = terminal === null && !this.shadow!.completes(pingIq(id), id);
    frames.push(pingIq(id));
    this.lastInput = JSON.stringify(frames);
    for (const frame of frames) conn.write(frame);
    if (unfinished) await this.giveUp(conn);
    else if (terminal !== null) await this.expectClose(conn, terminal);
    else await this.awaitPingReply(conn, id);
    return true;
  }

  private async giveUp(conn: WsConnection): Promise<void> {
    // The frame ended inside a tag, an attribute value, an entity reference, a comment or a CDATA
    // section: the server keeps reading the next frame as its continuation (see the soak's notes in
    // bench/RESULTS.md), so the ping is swallowed. Close, as a client that gave up would.
    this.ctx.figures.count('wsLeftUnfinished');
    conn.end();
    if (!(await conn.waitClosed(10_000))) conn.destroy();
    this.conn = null;
  }

  private async expectClose(conn: WsConnection, terminal: Terminal): Promise<void> {
    const { figures } = this.ctx;
    // The server closes at the frame that failed or stayed open; after a frame closing the synthetic
    // root it fails at the next frame, the ping.
    if (await conn.waitClosed(10_000)) figures.count('wsStreamsClosedByServer');
    else {
      figures.count('wsNotClosedAfterError');
      figures.example({ what: `WebSocket not closed after a ${terminal} frame`, kind: 'websocket', input: this.lastInput, detail: '' });
      conn.destroy();
    }
    this.conn = null;
  }

  private async awaitPingReply(conn: WsConnection, id: string): Promise<void> {
    const { figures } = this.ctx;
    const result = await conn.wait(replyTo(id), 10_000);
    if (result === 'closed') figures.count('wsStreamsClosedByServer');
    if (result === 'timeout') {
      figures.count('wsStalls');
      figures.example({ what: 'no answer and no close after well-formed frames', kind: 'websocket', input: this.lastInput, detail: '' });
      conn.destroy();
      this.conn = null;
    }
  }
}
