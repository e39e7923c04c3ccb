import { closeSync, existsSync, openSync } from 'node:fs';
import { fdatasync } from 'node:fs';
import { Pacing } from '../application/pacing.js';

/**
 * Group commit for SQLite in WAL mode with synchronous=NORMAL. Each transaction is written to the WAL
 * (so it survives the process being killed) without an fsync; `sync()` then makes everything written so
 * far durable against power loss with one fdatasync of the WAL file, run on the libuv thread pool. All
 * callers waiting at the same time share one fdatasync, so N acknowledgements cost one disk flush, and
 * the event loop never blocks on the disk.
 *
 * Under load a flush starts no sooner than `pacingMs` after the one before: disks answer a flush in a
 * fraction of a millisecond, so without a pause the flushes would follow each other back to back with
 * a change or two each (2,400 a second at 5,000 changes/s, each costing the kernel tens of µs of CPU);
 * with it each flush carries everything committed in the meantime. A flush after a quiet spell starts
 * at once, so a lone change waits for no one. One millisecond: a 2 ms pause halved the flushes again but
 * doubled the median time to durable (2.2 to 4-5 ms at 5,000 changes/s) for no CPU the noise would show.
 *
 * Linux flushes a file's dirty pages whichever descriptor wrote them, so syncing our own descriptor of
 * the `-wal` file covers SQLite's writes. SQLite keeps the WAL file (same inode) while the connection is
 * open, and fsyncs it itself before every checkpoint.
 */
export class WalSync {
  private fd: number | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly pacing: Pacing;

  constructor(
    private readonly walPath: string,
    pacingMs = 1,
  ) {
    this.pacing = new Pacing(pacingMs);
  }

  sync(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running && this.pacing.isDue()) return this.start();
    // A flush is under way (it may have started before the caller's write) or ended a moment ago: the next one.
    this.queued = (this.running ?? Promise.resolve())
      .then(() => this.pacing.pause())
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<void> {
    this.pacing.started();
    this.running = this.flush().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private flush(): Promise<void> {
    if (this.fd === null) {
      if (!existsSync(this.walPath)) return Promise.resolve();
      this.fd = openSync(this.walPath, 'r');
    }
    const fd = this.fd;
    return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
