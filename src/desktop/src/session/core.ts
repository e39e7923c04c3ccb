import type { ApiError } from '../finesse/model';
import type { NotificationClient } from '../finesse/notifications';
import type { FinesseRest } from '../finesse/rest';
import type { DesktopState, Notice } from './desktop-state';
import { errorText } from './messages';

/** The state the UI renders, its notices, and the REST and XMPP handles of the signed-in user: what every part of the session shares. */
export class SessionCore {
  private current: DesktopState;
  private readonly listeners = new Set<(s: DesktopState) => void>();
  private noticeSeq = 0;
  rest: FinesseRest | null = null;
  client: NotificationClient | null = null;
  loginId = '';
  readonly asyncErrors = new Map<string, ApiError[]>();
  readonly requestLabels = new Map<string, string>();

  constructor(initial: DesktopState) {
    this.current = initial;
  }

  get state(): DesktopState {
    return this.current;
  }

  listen(fn: (s: DesktopState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(patch: Partial<DesktopState>): void {
    this.current = { ...this.current, ...patch };
    for (const fn of this.listeners) fn(this.current);
  }

  notify(kind: Notice['kind'], text: string): void {
    const id = ++this.noticeSeq;
    this.set({ notices: [...this.current.notices.filter((n) => n.text !== text), { id, kind, text }].slice(-4) });
    if (kind === 'info') setTimeout(() => this.dismiss(id), 6000);
  }

  dismiss(id: number): void {
    this.set({ notices: this.current.notices.filter((n) => n.id !== id) });
  }

  reportError(what: string, error: unknown): void {
    this.notify('error', `${what} failed: ${errorText(error)}`);
  }

  userPath(loginId = this.loginId): string {
    return `/User/${encodeURIComponent(loginId)}`;
  }
}
