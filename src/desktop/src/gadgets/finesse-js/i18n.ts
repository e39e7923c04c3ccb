// finesse.utilities.I18n (gadget reference §4.3): openfinesse has no bundle of its own for gadgets, so a key
// resolves through the gadget's message bundle, `gadgets.Prefs().getMsg` ('' when missing).
import { gadgetPrefs } from './gadgets-api.js';

export function createI18n() {
  return {
    getString(key: unknown): string {
      if (typeof key !== 'string' || key === '') return '';
      return gadgetPrefs()?.getMsg(key) ?? '';
    },
  };
}
