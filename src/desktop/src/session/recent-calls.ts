import type { Dialog } from '../finesse/model';
import type { SessionCore } from './core';
import type { RecentCall } from './desktop-state';
import { myParticipant } from './rules';
import { readJson, recentCallsKey } from './storage';

/** The recent-calls list: a call that left the desktop goes there (kept for the tab's session). */
export class RecentCalls {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly core: SessionCore) {}

  load(loginId: string): RecentCall[] {
    return readJson<RecentCall[]>(recentCallsKey(loginId)) ?? [];
  }

  /** When a dialog first showed up: its start when this agent's participant has no startTime. */
  seen(dialogId: string): void {
    if (!this.firstSeen.has(dialogId)) this.firstSeen.set(dialogId, Date.now());
  }

  remember(d: Dialog): void {
    const state = this.core.state;
    if (state.recent.some((r) => r.id === d.id) || d.callType === 'SUPERVISOR_MONITOR') return;
    const ext = state.extension;
    const mine = myParticipant(d, ext);
    const outgoing = d.fromAddress === ext;
    const other = d.participants.find((p) => p.mediaAddress !== ext)?.mediaAddress ?? (outgoing ? d.toAddress : d.fromAddress);
    const start = mine?.startTime ?? this.firstSeen.get(d.id) ?? Date.now();
    const call: RecentCall = {
      id: d.id,
      number: other || (outgoing ? d.toAddress : d.fromAddress),
      direction: outgoing ? 'out' : 'in',
      start,
      end: Date.now(),
    };
    const recent = [call, ...state.recent].slice(0, 20);
    sessionStorage.setItem(recentCallsKey(this.core.loginId), JSON.stringify(recent));
    this.core.set({ recent });
  }
}
