/** A start step that failed, named so that one line tells an operator what went wrong. */
export class StartupError extends Error {
  constructor(
    readonly step: string,
    readonly reason: unknown,
  ) {
    super(`${step}: ${describe(reason)}`);
    this.name = 'StartupError';
  }
}

type Stop = () => Promise<void> | void;

/**
 * Services start in order and stop in reverse. When a start step fails, everything already started is
 * stopped (in reverse) before the failure is reported, so a failed start leaves no port open and no timer
 * running.
 */
export class Lifecycle {
  private readonly stops: { name: string; stop: Stop }[] = [];
  private stopping: Promise<void> | null = null;

  /** Runs `start`; `stop` (given the started value) joins the shutdown sequence. */
  async start<T>(name: string, start: () => Promise<T> | T, stop?: (value: T) => Promise<void> | void): Promise<T> {
    let value: T;
    try {
      value = await start();
    } catch (error) {
      await this.stop();
      throw error instanceof StartupError ? error : new StartupError(name, error);
    }
    if (stop) this.stops.push({ name, stop: () => stop(value) });
    return value;
  }

  /** Stops every started service, last started first; a failing stop does not keep the others running. */
  stop(onError: (name: string, error: unknown) => void = () => {}): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, stop } of this.stops.splice(0).reverse()) {
        try {
          await stop();
        } catch (error) {
          onError(name, error);
        }
      }
    })();
    return this.stopping;
  }
}

function describe(cause: unknown): string {
  const e = cause as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === 'EADDRINUSE') return `${e.address ?? ''}:${e.port ?? ''} is already in use (EADDRINUSE)`;
  if (e?.code === 'EACCES' && e.port !== undefined) return `no permission to listen on ${e.address ?? ''}:${e.port}`;
  if (e?.code === 'EADDRNOTAVAIL') return `address ${e.address ?? ''} is not available on this machine`;
  return e instanceof Error ? e.message : String(cause);
}
