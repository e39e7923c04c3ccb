// finesse.gadget.Config (gadget reference §2.3, §4.1): the container prefs, read once from gadgets.Prefs when
// finesse.js loads. `id` and `password` are not prefs here: ClientServices.init derives them from
// `authorization`.
import { gadgetPrefs } from './gadgets-api.js';

/** The string container prefs, in the order of the reference's table. */
const STRING_PREFS = [
  'authorization',
  'authToken',
  'systemAuthMode',
  'host',
  'hostPort',
  'scheme',
  'restHost',
  'localhostPort',
  'localhostFQDN',
  'locale',
  'language',
  'country',
  'extension',
  'xmppDomain',
  'pubsubDomain',
  'teamId',
  'teamName',
  'mobileAgentMode',
  'mobileAgentDialNumber',
  'compatibilityMode',
] as const;

export type FinesseGadgetConfig = { [K in (typeof STRING_PREFS)[number]]: string } & {
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
