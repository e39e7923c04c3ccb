import { useEffect, useMemo, useState } from 'preact/hooks';
import { createGadgetHub } from '../gadgets/host/hub-host';
import { startMasterServices } from '../gadgets/master/start';
import { loadEffectiveLayout } from '../gadgets/host/layout-fetch';
import type { EffectiveLayout } from '../gadgets/protocol';
import { isAdministrator, isSupervisor, type DesktopSession, type DesktopState } from '../session';
import { ConnectionBadge, NodeBadge } from './connection';
import { LayoutView } from './layout-view';
import { Notices } from './notices';
import { TeamMessages } from './team-messages';

/** The signed-in user's effective layout (null while it loads). */
function useEffectiveLayout(session: DesktopSession, role: 'Agent' | 'Supervisor'): EffectiveLayout | null {
  const [layout, setLayout] = useState<EffectiveLayout | null>(null);
  useEffect(() => {
    let current = true;
    const rest = session.rest;
    const target = { base: rest?.base ?? '', credentials: rest?.credentials64 ?? '' };
    void loadEffectiveLayout(target, role, (text) => console.warn(`[gadgets] ${text}`)).then((l) => current && setLayout(l));
    return () => {
      current = false;
    };
  }, [session, role]);
  return layout;
}

export function Desktop({ session, state, onOpenAdmin }: { session: DesktopSession; state: DesktopState; onOpenAdmin: () => void }) {
  const user = state.user!;
  const layout = useEffectiveLayout(session, isSupervisor(user) ? 'Supervisor' : 'Agent');
  const hub = useMemo(() => createGadgetHub({ onMasterReady: (router) => startMasterServices(router) }), []);
  useEffect(() => () => hub.close(), [hub]);
  return (
    <div class="desktop">
      <header class="topbar">
        <div class="brand-line">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="24" height="24" />
          <span>{layout?.title || 'openfinesse'}</span>
        </div>
        <div class="who">
          <strong data-testid="user-name">
            {user.firstName} {user.lastName}
          </strong>
          <span class="muted">
            {' '}
            · {user.loginId} · Ext. {state.extension}
            {user.teamName ? ` · ${user.teamName}` : ''}
            {isSupervisor(user) ? ' · Supervisor' : ''}
          </span>
        </div>
        <ConnectionBadge status={state.connection} />
        <NodeBadge node={state.node} connection={state.connection} />
        {isAdministrator(user) && (
          <button type="button" class="secondary" onClick={onOpenAdmin}>
            Administration
          </button>
        )}
        <button type="button" class="secondary" onClick={() => void session.signOut()}>
          Sign out
        </button>
      </header>
      <Notices session={session} notices={state.notices} />
      <TeamMessages messages={state.teamMessages} />
      {layout ? (
        <LayoutView layout={layout} session={session} state={state} hub={hub} />
      ) : (
        <p class="muted layout-loading" role="status">
          Loading the desktop…
        </p>
      )}
    </div>
  );
}
