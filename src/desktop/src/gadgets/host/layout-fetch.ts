import type { EffectiveLayout } from '../protocol.js';
import { LAYOUT_PATH, stockLayout } from './layout.js';
import { parseEffectiveLayout } from './layout-json.js';

/**
 * The signed-in user's effective layout from the server; the stock layout for `role` when the server
 * has none to give or gives something unusable (the desktop must stay usable either way).
 */
export async function loadEffectiveLayout(
  target: { base: string; credentials: string },
  role: 'Agent' | 'Supervisor',
  warn: (text: string) => void,
  fetcher: typeof fetch = fetch,
): Promise<EffectiveLayout> {
  try {
    const response = await fetcher(`${target.base}${LAYOUT_PATH}`, {
      headers: { Authorization: `Basic ${target.credentials}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const layout = parseEffectiveLayout(await response.json());
    if (!layout) throw new Error('the answer is no layout');
    return layout;
  } catch (error) {
    warn(`the desktop layout could not be read (${error instanceof Error ? error.message : String(error)}): the stock layout is shown`);
    return stockLayout(role);
  }
}
