import { readFileSync } from 'node:fs';

/**
 * Where a server's CPU went per operation, from the profile `BENCH_PROFILE_DIR` makes (V8's .cpuprofile):
 * only the measured window counts — from the first sample inside `marker` (a function on the path of
 * every measured operation) after the last pause of more than 400 ms without one (the benches' settling
 * pause), to the last such sample — and every figure is divided by `operations`.
 *
 *   node --import tsx bench/profile-summary.ts FILE.cpuprofile [operations=50000] [marker=requestState] [seconds]
 *
 * With `seconds` the window is instead the last `seconds` before the last marker sample (for rates too
 * low to fill every 400 ms with a sample).
 *
 * Prints the time per operation by file and by function (self), then by function including callees.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const SETTLING_PAUSE_US = 400_000;

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.replace(/.*\/(node_modules\/)?/, '')}:${lineNumber}`;
}

function fileOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  const dependency = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  return url ? url.replace(/.*\/dist\//, 'dist/') : `(${functionName})`;
}

/** Sample time (µs) by node id, within the window the marker function's samples span. */
function windowedSelfTime(
  profile: CpuProfile,
  parent: Map<number, number>,
  byId: Map<number, ProfileNode>,
  marker: string,
  seconds?: number,
): Map<number, number> {
  const underMarker = new Map<number, boolean>();
  const isUnderMarker = (id: number): boolean => {
    const known = underMarker.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const result = byId.get(id)!.callFrame.functionName === marker || (up !== undefined && isUnderMarker(up));
    underMarker.set(id, result);
    return result;
  };
  const times: number[] = [];
  let now = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((now += delta));
  const marks = profile.samples.flatMap((id, i) => (isUnderMarker(id) ? [times[i]!] : []));
  if (marks.length === 0) throw new Error(`no sample inside ${marker}`);
  let from = marks[0]!;
  for (let i = 1; i < marks.length; i++) if (marks[i]! - marks[i - 1]! > SETTLING_PAUSE_US) from = marks[i]!;
  const to = marks.at(-1)!;
  if (seconds !== undefined) from = to - seconds * 1e6;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (times[i]! >= from && times[i]! <= to) self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i]!);
  });
  console.log(`window: ${((to - from) / 1e6).toFixed(2)} s`);
  return self;
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function summarise(profile: CpuProfile, operations: number, marker: string, seconds?: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = windowedSelfTime(profile, parent, byId, marker, seconds);
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let all = 0;
  for (const [id, time] of self) {
    all += time;
    add(byFile, fileOf(byId.get(id)!), time);
    add(byFunction, label(byId.get(id)!), time);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (!seen.has(name)) add(inclusive, name, time);
      seen.add(name);
    }
  }
  const perOperation = (us: number) => (us / operations).toFixed(1).padStart(7);
  console.log(`all samples: ${perOperation(all)} µs per operation (idle included)`);
  const table = (title: string, map: Map<string, number>, rows: number) => {
    console.log(`\n${title} (µs per operation)`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${perOperation(us)}  ${name}`);
  };
  table('self time by file', byFile, 25);
  table('self time by function', byFunction, 40);
  table('total time by function (callees included)', inclusive, 60);
}

const [file, operations = '50000', marker = 'requestState', seconds] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.ts FILE.cpuprofile [operations] [marker] [seconds]');
  process.exit(2);
}
summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(operations), marker, seconds === undefined ? undefined : Number(seconds));
