export const KINDS = ['rest-body', 'header', 'query', 'xmpp-tcp', 'bosh', 'websocket'] as const;
export type Kind = (typeof KINDS)[number];

/** Share of the inputs per kind. */
export const KIND_WEIGHTS: Record<Kind, number> = { 'rest-body': 30, header: 12, query: 14, 'xmpp-tcp': 26, bosh: 8, websocket: 10 };
/** Concurrent workers per kind. */
export const LANES: Record<Kind, number> = { 'rest-body': 16, header: 8, query: 6, 'xmpp-tcp': 8, bosh: 4, websocket: 4 };

export interface SoakOptions {
  inputs: number;
  maxSeconds: number;
  seed: number;
  /** Read a check user back after every n-th refused request (1 = after each). */
  checkEvery: number;
  /** Seconds to wait, connections closed, before the last memory reading. */
  settleSeconds: number;
  /** Only these kinds (all when empty), for a look at one. */
  kinds: Kind[];
}

export const DEFAULT_SOAK: SoakOptions = { inputs: 1_000_000, maxSeconds: 1500, seed: 20261202, checkEvery: 1, settleSeconds: 10, kinds: [] };

/** `--inputs 1000000 --max-seconds 1500 --seed 20261202 --check-every 1 --settle-seconds 10 --kinds rest-body,bosh` */
export function parseSoakArgs(argv: string[]): Partial<SoakOptions> {
  const options: Partial<SoakOptions> = {};
  const names: Record<string, Exclude<keyof SoakOptions, 'kinds'>> = {
    '--inputs': 'inputs',
    '--max-seconds': 'maxSeconds',
    '--seed': 'seed',
    '--check-every': 'checkEvery',
    '--settle-seconds': 'settleSeconds',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (flag === '--kinds') {
      const kinds = (inline ?? argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = kinds.filter((k) => !(KINDS as readonly string[]).includes(k));
      if (unknown.length > 0) throw new Error(`soak: unknown kind ${unknown.join(', ')} (known: ${KINDS.join(', ')})`);
      options.kinds = kinds as Kind[];
      continue;
    }
    const key = names[flag];
    if (!key) throw new Error(`soak: unknown option ${flag} (known: ${Object.keys(names).join(', ')})`);
    const value = Number(inline ?? argv[++i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`soak: ${flag} needs a number`);
    options[key] = value;
  }
  return options;
}
