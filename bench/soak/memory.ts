import { readFileSync } from 'node:fs';
import { round } from '../support/stats.js';
import type { ServerControl } from './server.js';

export function rssBytes(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return NaN;
  }
}

export const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);

export interface MemoryPoint {
  inputs: number;
  rssMb: number;
  heapUsedMb: number;
}

/** The server's memory: RSS and heap in use at the start, the RSS peak, and the trend. */
export class MemoryWatch {
  rssPeak: number;
  /** RSS and heap in use each time another tenth of the inputs has been sent. */
  readonly trend: MemoryPoint[];

  private constructor(
    private readonly pid: number,
    private readonly control: ServerControl,
    readonly rssStart: number,
    readonly heapStart: number,
  ) {
    this.rssPeak = rssStart;
    this.trend = [{ inputs: 0, rssMb: mb(rssStart), heapUsedMb: mb(heapStart) }];
  }

  static async start(pid: number, control: ServerControl): Promise<MemoryWatch> {
    const rssStart = rssBytes(pid);
    return new MemoryWatch(pid, control, rssStart, await control.heapUsed());
  }

  /** The RSS now, counted in the peak. */
  rss(): number {
    const rss = rssBytes(this.pid);
    if (rss > this.rssPeak) this.rssPeak = rss;
    return rss;
  }

  recordTenth(total: number, inputs: number, rss: number): void {
    if (total < (this.trend.length * inputs) / 10) return;
    void this.control.heapUsed().then((heap) => this.trend.push({ inputs: total, rssMb: mb(rss), heapUsedMb: mb(heap) }));
  }
}
