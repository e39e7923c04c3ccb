// finesse.gadget.Config (gadget reference §2.3, §4.1): the container prefs, read once from gadgets.Prefs when
// finesse.js loads. `id` and `password` are not prefs here: ClientServices.init derives them from
// `authorization`.
import { PUBLIC_CONTAINER_PREFS, SECRET_CONTAINER_PREFS } from '../protocol.js';
import { gadgetPrefs } from './gadgets-api.js';

/** The container prefs that are strings (`id` comes from `ClientServices.init`, the drift is a number). */
const STRING_PREFS = [...SECRET_CONTAINER_PREFS, ...PUBLIC_CONTAINER_PREFS].filter(
  (name): name is StringPref => name !== 'id' && name !== 'clientDriftInMillis',
);

type StringPref = Exclude<(typeof SECRET_CONTAINER_PREFS)[number] | (typeof PUBLIC_CONTAINER_PREFS)[number], 'id' | 'clientDriftInMillis'>;

export type FinesseGadgetConfig = { [K in StringPref]: string } & {
  clientDriftInMillis: number;
  id?: string;
  password?: string;
  [other: string]: unknown;
};

/** Every field is present (empty outside a container), so gadgets can read any of them without guards. */
export function createConfig(): FinesseGadgetConfig {
  const prefs = gadgetPrefs();
  const config = { clientDriftInMillis: 0 } as FinesseGadgetConfig;
  for (const name of STRING_PREFS) config[name] = prefs ? String(prefs.getString(name) ?? '') : '';
  if (prefs) {
    const drift = Number(prefs.getInt('clientDriftInMillis'));
    config.clientDriftInMillis = Number.isFinite(drift) ? Math.trunc(drift) : 0;
  }
  return config;
}
