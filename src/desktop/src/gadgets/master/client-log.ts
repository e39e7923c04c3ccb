import type { MasterClock, MasterLog, MasterRest, TimerHandle } from './ports.js';

// Gadget log lines (`finesse.clientLogging.<gadgetId>`, gadget reference §3.2) sent to the server in
// batches: `POST /finesse/api/User/{id}/ClientLog` with `<ClientLog><logData>…</logData></ClientLog>`
// (finesse-reference §8.7), at the latest FLUSH_MS after the first line waiting, or as soon as MAX_LINES wait.

export const FLUSH_MS = 5000;
export const MAX_LINES = 50;
/** Longer lines are cut: a gadget must not make the desktop post megabytes. */
export const MAX_LINE_CHARS = 4096;

const escapeXml = (text: string) => text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

export function clientLogBody(lines: readonly string[]): string {
  return `<ClientLog><logData>${escapeXml(lines.join('\n'))}</logData></ClientLog>`;
}

export class ClientLogBatcher {
  private lines: string[] = [];
  private timer: TimerHandle | null = null;

  constructor(
    private readonly userId: string,
    private readonly rest: MasterRest,
    private readonly clock: MasterClock,
    private readonly log: MasterLog,
  ) {}

  /** One line from the gadget `gadgetId` (a non-string payload is logged as its JSON). */
  add(gadgetId: string, payload: unknown): void {
    const text = typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? '');
    const line = `${gadgetId}: ${text}`.slice(0, MAX_LINE_CHARS);
    this.lines.push(line);
    if (this.lines.length >= MAX_LINES) void this.flush();
    else if (this.timer === null) this.timer = this.clock.setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Posts what waits now; a failed post is reported and its lines dropped. */
  async flush(): Promise<void> {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const lines = this.lines.splice(0, MAX_LINES);
    if (lines.length === 0) return;
    if (this.lines.length > 0) this.timer = this.clock.setTimeout(() => void this.flush(), FLUSH_MS);
    const path = `/User/${encodeURIComponent(this.userId)}/ClientLog`;
    try {
      const answer = await this.rest.finesse('POST', path, clientLogBody(lines), 'application/xml');
      if (answer.status >= 400) this.log(`POST ${path} answered ${answer.status}; ${lines.length} gadget log lines dropped`);
    } catch (error) {
      this.log(`POST ${path} failed; ${lines.length} gadget log lines dropped`, error);
    }
  }

  /** Stops the timer; lines still waiting are posted. */
  stop(): Promise<void> {
    return this.flush();
  }
}
