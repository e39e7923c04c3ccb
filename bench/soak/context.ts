import { mutate, pick, XML_FRAGMENTS, type Random } from '../support/mutator.js';
import { asSent, type ShadowState, type ShadowStream } from '../support/xml-shadow.js';
import type { Budget, Figures } from './figures.js';
import type { Oracle } from './oracle.js';
import type { Kind } from './options.js';

/** Edits per mutation: one in 40 % of the inputs (more of them stay well-formed and reach the logic behind the parser), else 1 to 6. */
export const edits = (random: Random): number => (random() < 0.4 ? 1 : 6);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What every worker shares. */
export interface Context {
  port: number;
  xmppPort: number;
  budget: Budget;
  figures: Figures;
  oracle: Oracle;
  seed: number;
  /** Dialog ids of agentB, refreshed by the dialog keeper. */
  dialogIds: string[];
}

export type Terminal = Exclude<ShadowState, 'ok'>;

/** One to eight mutated stanzas, as the budget allows, fed to the shadow parser until one leaves the stream failed, open or closed. */
export function mutatedBatch(
  ctx: Context,
  kind: Kind,
  random: Random,
  stanzas: string[],
  shadow: ShadowStream,
): { parts: string[]; terminal: Terminal | null } {
  const parts: string[] = [];
  const size = 1 + Math.floor(random() * 8);
  for (let k = 0; k < size && ctx.budget.take(kind); k++) {
    const stanza = asSent(mutate(random, pick(random, stanzas), XML_FRAGMENTS, edits(random)));
    parts.push(stanza);
    const state = shadow.write(stanza);
    if (state !== 'ok') return { parts, terminal: state };
  }
  return { parts, terminal: null };
}
