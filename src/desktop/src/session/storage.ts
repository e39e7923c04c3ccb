export interface StoredSession {
  id: string;
  password: string;
  extension: string;
  resource: string;
}

export const SESSION_KEY = 'openfinesse.session';
export const PREFILL_KEY = 'openfinesse.prefill';

export const recentCallsKey = (loginId: string): string => `openfinesse.recent.${loginId}`;

export function readJson<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
