import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat after the command name, or null once the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** User + system CPU of a process so far, in microseconds (Linux /proc; clock ticks of 10 ms); 0 once it is gone. */
export function processCpuUs(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) * 10_000 : 0;
}

/** User and system (kernel) CPU of a process so far, apart, in microseconds; zeros once it is gone. */
export function processCpuSplitUs(pid: number): { user: number; system: number } {
  const fields = statFields(pid);
  return fields ? { user: Number(fields[11]) * 10_000, system: Number(fields[12]) * 10_000 } : { user: 0, system: 0 };
}

/** Every process of the host: its id, command name and arguments (those that vanish while read are left out). */
function processes(): { pid: number; comm: string; argv: string[]; parent: number }[] {
  const found: { pid: number; comm: string; argv: string[]; parent: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const pid = Number(entry);
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      found.push({ pid, comm, argv, parent: Number(statFields(pid)?.[1] ?? 0) });
    } catch {}
  }
  return found;
}

/** Whether `argv` has `-p <port>` (how PostgreSQL's postmaster and nats-server are started by the test support). */
const listensOn = (argv: string[], port: number): boolean => argv.some((arg, i) => arg === '-p' && argv[i + 1] === String(port));

/** Every PostgreSQL server process on the host (any cluster). */
export const allPostgresPids = (): number[] =>
  processes()
    .filter((p) => p.comm === 'postgres')
    .map((p) => p.pid);

/** The processes of the PostgreSQL cluster on `port`: its postmaster and the backends and workers it started. */
export function postgresPids(port: number): number[] {
  const all = processes();
  const postmasters = new Set(all.filter((p) => p.comm === 'postgres' && listensOn(p.argv, port)).map((p) => p.pid));
  return all.filter((p) => postmasters.has(p.pid) || (p.comm === 'postgres' && postmasters.has(p.parent))).map((p) => p.pid);
}

/** The nats-server process listening on `port`. */
export const natsServerPids = (port: number): number[] =>
  processes()
    .filter((p) => p.comm === 'nats-server' && listensOn(p.argv, port))
    .map((p) => p.pid);

/**
 * Starts measuring the CPU of the processes `select` names (asked again at the end, so a process that
 * started in between counts from zero and one that ended in between is lost); returns the microseconds
 * they used since.
 */
export function cpuMeter(select: () => number[]): () => number {
  const before = new Map(select().map((pid) => [pid, processCpuUs(pid)]));
  return () => select().reduce((total, pid) => total + processCpuUs(pid) - (before.get(pid) ?? 0), 0);
}
