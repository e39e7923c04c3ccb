import { rmSync } from 'node:fs';
import { rawHttpStats } from '../support/raw-http.js';
import { progress, round } from '../support/stats.js';
import { CHECK_USERS, extensionOf } from './accounts.js';
import { boshWorker } from './bosh-worker.js';
import { type Context, sleep } from './context.js';
import { Budget, Figures } from './figures.js';
import { dialogKeeper, headerWorker, queryWorker, restBodyWorker } from './http-workers.js';
import { MemoryWatch, mb, rssBytes } from './memory.js';
import { KINDS, type Kind, LANES, type SoakOptions } from './options.js';
import { Oracle } from './oracle.js';
import type { SoakResult } from './result.js';
import { ServerControl, type SoakServer } from './server.js';
import { websocketWorker } from './websocket-worker.js';
import { xmppTcpWorker } from './xmpp-tcp-worker.js';

const WORKERS: [Kind, (ctx: Context, lane: number) => Promise<void>][] = [
  ['rest-body', restBodyWorker],
  ['header', headerWorker],
  ['query', queryWorker],
  ['xmpp-tcp', xmppTcpWorker],
  ['websocket', websocketWorker],
  ['bosh', boshWorker],
];

interface EndReadings {
  rssEnd: number;
  heapEnd: number;
  serverMetrics5xx: number;
  rssSettled: number;
  heapSettled: number;
  serverXmppConnectionsAtEnd: number;
}

/** One soak against a started server: the sign-ins, the workers, the auditor and the progress line, the readings at the end. */
export class SoakRun {
  private readonly figures = new Figures();
  private readonly budget: Budget;
  private readonly oracle: Oracle;
  private readonly control: ServerControl;
  private readonly pid: number;
  private crashed: string | null = null;
  private stopping = false;

  constructor(
    private readonly options: SoakOptions,
    private readonly server: SoakServer,
  ) {
    this.pid = server.child.pid!;
    this.budget = new Budget(this.figures, options);
    void server.exited.then(({ code, signal }) => {
      if (this.stopping) return;
      this.crashed = `exit code ${code}, signal ${signal}`;
      this.budget.stopped = true;
      process.stderr.write(`\nsoak: THE SERVER EXITED (${this.crashed})\n${server.stderr()}\n`);
    });
    this.oracle = new Oracle(server.ports.http!, this.figures, options.checkEvery);
    this.control = new ServerControl(server.ports.http!);
  }

  async run(): Promise<SoakResult> {
    await this.signIn();
    const memory = await MemoryWatch.start(this.pid, this.control);
    const { budget, figures, oracle } = this;
    const ctx: Context = { port: this.server.ports.http!, xmppPort: this.server.ports.xmpp!, budget, figures, oracle, seed: this.options.seed, dialogIds: [] };
    const started = performance.now();
    const ticker = this.showProgress(started, memory);
    const stopAuditing = this.audit();
    const stoppedBy = await this.runWorkers(ctx);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(ticker);
    await stopAuditing();
    if (!this.crashed) await oracle.audit();
    const end = await this.endReadings();
    this.stopping = true;
    if (!this.crashed) this.server.child.kill('SIGTERM');
    const exit = await this.server.exited;
    return this.result(seconds, stoppedBy, memory, end, this.crashed ?? `exit code ${exit.code}, signal ${exit.signal}`);
  }

  /** Stops the server if it still runs and removes its directory. */
  async cleanUp(): Promise<void> {
    this.stopping = true;
    const { child } = this.server;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await this.server.exited;
    }
    rmSync(this.server.dir, { recursive: true, force: true });
  }

  private async signIn(): Promise<void> {
    const { control } = this;
    for (const user of CHECK_USERS) await control.put(user, `<User><state>LOGIN</state><extension>${extensionOf(user)}</extension></User>`);
    await control.put('agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await control.put('agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
    await control.put('agentC', '<User><state>LOGIN</state><extension>1003</extension></User>');
    for (const user of CHECK_USERS) await this.oracle.remember(user);
    await sleep(1000);
  }

  private showProgress(started: number, memory: MemoryWatch): ReturnType<typeof setInterval> {
    const { figures, options } = this;
    let lastTotal = 0;
    let lastAt = started;
    return setInterval(() => {
      const now = performance.now();
      const total = figures.total;
      const rss = memory.rss();
      progress(
        `soak ${Math.round((now - started) / 1000)}s: ${total.toLocaleString('en')}/${options.inputs.toLocaleString('en')} inputs (${Math.round(((total - lastTotal) * 1000) / (now - lastAt))}/s) ` +
          KINDS.map((k) => `${k} ${figures.sent[k]}`).join(' ') +
          ` | crashes ${this.crashed ? 1 : 0} 5xx ${figures.http5xx} xmpp-ise ${figures.xmppInternalErrors} refused-changed ${figures.refusedButChanged} unattributed ${figures.unattributedChanges} errlogs ${this.server.errorLogs.length} | rss ${mb(rss)} MB`,
      );
      lastTotal = total;
      lastAt = now;
      if (!this.crashed) memory.recordTenth(total, options.inputs, rss);
    }, 5000);
  }

  /** Audits the check users every five seconds; the function returned stops that and waits for an audit under way. */
  private audit(): () => Promise<void> {
    let auditing = true;
    const auditor = (async () => {
      while (auditing) {
        for (let i = 0; i < 50 && auditing; i++) await sleep(100);
        if (auditing && !this.crashed) await this.oracle.audit();
      }
    })();
    return async () => {
      auditing = false;
      await auditor;
    };
  }

  private async runWorkers(ctx: Context): Promise<SoakResult['stoppedBy']> {
    const keeper = dialogKeeper(ctx);
    const workers: Promise<void>[] = [];
    for (const [kind, worker] of WORKERS) {
      for (let lane = 0; lane < LANES[kind]; lane++) {
        workers.push(
          worker(ctx, lane).catch((error: unknown) => {
            this.figures.count('workerErrors');
            process.stderr.write(`\nsoak: ${kind} worker ${lane} failed: ${(error as Error).stack}\n`);
          }),
        );
      }
    }
    // Workers of a kind stop when its share is sent; the keeper stops with the budget.
    await Promise.all(workers);
    const stoppedBy = this.crashed ? 'crash' : this.budget.stopped ? 'time' : 'count';
    this.budget.stopped = true;
    await keeper;
    return stoppedBy;
  }

  /** Memory and metrics when the inputs are done, and again after the settling time with the connections closed. */
  private async endReadings(): Promise<EndReadings> {
    const { control } = this;
    const rssEnd = rssBytes(this.pid);
    const heapEnd = this.crashed ? NaN : await control.heapUsed();
    const serverMetrics5xx = this.crashed ? NaN : await control.metric(/^openfinesse_http_requests_total\{[^}]*status="5\d\d"[^}]*\} (\d+)/gm);
    this.oracle.close();
    for (let i = 0; i < this.options.settleSeconds * 10 && !this.crashed; i++) await sleep(100);
    const rssSettled = rssBytes(this.pid);
    const heapSettled = this.crashed ? NaN : await control.heapUsed();
    const serverXmppConnectionsAtEnd = this.crashed ? NaN : await control.metric(/^openfinesse_xmpp_connections (\d+)/gm);
    control.close();
    progress('');
    return { rssEnd, heapEnd, serverMetrics5xx, rssSettled, heapSettled, serverXmppConnectionsAtEnd };
  }

  private result(seconds: number, stoppedBy: SoakResult['stoppedBy'], memory: MemoryWatch, end: EndReadings, serverExit: string): SoakResult {
    const { figures } = this;
    return {
      seed: this.options.seed,
      inputs: figures.total,
      inputsByKind: { ...figures.sent },
      seconds: round(seconds, 1),
      inputsPerSecond: Math.round(figures.total / seconds),
      crashes: this.crashed ? 1 : 0,
      http5xx: figures.http5xx,
      xmppInternalErrors: figures.xmppInternalErrors,
      serverErrorLogs: this.server.errorLogs.length,
      refusedButChanged: figures.refusedButChanged,
      refusedChecked: figures.refusedChecked,
      acceptedChanges: figures.acceptedChanges,
      unattributedChanges: figures.unattributedChanges,
      indeterminate: figures.indeterminate,
      oracleErrors: figures.oracleErrors,
      rssStartMb: mb(memory.rssStart),
      rssPeakMb: mb(memory.rssPeak),
      rssEndMb: mb(end.rssEnd),
      rssSettledMb: mb(end.rssSettled),
      heapUsedStartMb: mb(memory.heapStart),
      heapUsedEndMb: mb(end.heapEnd),
      heapUsedSettledMb: mb(end.heapSettled),
      memoryTrend: memory.trend,
      settleSeconds: this.options.settleSeconds,
      serverMetrics5xx: end.serverMetrics5xx,
      serverXmppConnectionsAtEnd: end.serverXmppConnectionsAtEnd,
      answersByKind: figures.outcomes,
      counters: { ...figures.counters, httpRetriesOnClosedKeepAlive: rawHttpStats.retries },
      stoppedBy,
      serverExit,
      examples: figures.examples,
    };
  }
}
