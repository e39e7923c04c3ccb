import { closeSync, existsSync, openSync } from 'node:fs';
import { fdatasync } from 'node:fs';

/**
 * Group commit for SQLite in WAL mode with synchronous=NORMAL. Each transaction is written to the WAL
 * (so it survives the process being killed) without an fsync; `sync()` then makes everything written so
 * far durable against power loss with one fdatasync of the WAL file, run on the libuv thread pool. All
 * callers waiting at the same time share one fdatasync, so N acknowledgements cost one disk flush, and
 * the event loop never blocks on the disk.
 *
 * Linux flushes a file's dirty pages whichever descriptor wrote them, so syncing our own descriptor of
 * the `-wal` file covers SQLite's writes. SQLite keeps the WAL file (same inode) while the connection is
 * open, and fsyncs it itself before every checkpoint.
 */
export class WalSync {
  private fd: number | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly walPath: string) {}

  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.flush().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // A flush is under way, but it may have started before the caller's write: wait for the next one.
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.sync();
    });
    return this.queued;
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
