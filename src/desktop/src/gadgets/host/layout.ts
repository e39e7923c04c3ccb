import type { BuiltInGadget, EffectiveLayout, LayoutGadget, LayoutTab } from '../protocol.js';

// The desktop's layout (gadget reference §6): what to draw where, the tab labels, and which spec URLs a
// gadget may be pointed at.

export const LAYOUT_PATH = '/openfinesse/desktop/layout';

/** Finesse's tab label resource keys, by their last part (`finesse.container.tabs.agent.homeLabel`). */
const TAB_LABELS: Record<string, string> = {
  homeLabel: 'Home',
  myHistoryLabel: 'My History',
  teamMessageLabel: 'Team Message',
  teamDataLabel: 'Team Data',
  queueDataLabel: 'Queue Data',
  myStatisticsLabel: 'My Statistics',
  manageCustomerLabel: 'Manage Customer',
  manageTeamLabel: 'Manage Team',
  teamPerformanceLabel: 'Team Performance',
};

const LABEL_KEY = /^finesse\.container\.tabs\.(agent|supervisor)\.([A-Za-z]+)$/;

/** The text of a tab label: a known resource key in English, anything else as written. */
export function tabLabel(label: string): string {
  const key = LABEL_KEY.exec(label.trim());
  return (key && TAB_LABELS[key[2]!]) || label;
}

const builtIn = (name: BuiltInGadget, file: string): LayoutGadget => ({ url: `/desktop/scripts/js/${file}`, builtIn: name, id: null, maxRows: null });
const stockTab = (id: string, role: 'agent' | 'supervisor', key: string, gadgets: LayoutGadget[]): LayoutTab => ({
  id,
  label: `finesse.container.tabs.${role}.${key}`,
  icon: null,
  columns: [gadgets],
});

/**
 * The stock layout (the server's STOCK_DESKTOP_LAYOUT, src/domain/desktop-layout.ts), drawn when the
 * server has no layout endpoint or answers something unusable.
 */
export function stockLayout(role: 'Agent' | 'Supervisor'): EffectiveLayout {
  const history = [builtIn('recentCallHistory', 'recentCallHistory.js'), builtIn('recentStateHistory', 'recentStateHistory.js')];
  const tabs =
    role === 'Agent'
      ? [stockTab('home', 'agent', 'homeLabel', [builtIn('queueStatistics', 'queueStatistics.js')]), stockTab('myHistory', 'agent', 'myHistoryLabel', history)]
      : [
          stockTab('home', 'supervisor', 'homeLabel', [builtIn('teamPerformance', 'teamPerformance.js'), builtIn('queueStatistics', 'queueStatistics.js')]),
          stockTab('myHistory', 'supervisor', 'myHistoryLabel', history),
          stockTab('teamMessages', 'supervisor', 'teamMessageLabel', [builtIn('teamMessage', 'teamMessage.js')]),
        ];
  return { role, source: 'default', title: null, logo: null, header: { left: [], right: [] }, page: [builtIn('callControl', 'callcontrol.js')], tabs };
}

/** The absolute spec URL of a layout gadget URL (relative ones are on the desktop's origin). */
export function absoluteSpecUrl(url: string, origin: string): string {
  return new URL(url, origin).href;
}

const HOSTED = '/3rdpartygadget/files/';

/**
 * Whether `container.modifyUrl` may point a gadget at `url` (§7.3: a new spec receives the
 * credentials): a hosted file on the desktop's origin, or a URL on the origin of the gadget's own spec.
 */
export function mayModifyUrl(url: string, currentSpecUrl: string, desktopOrigin: string): string | null {
  if (/%2e|%2f|%5c|\\/i.test(url)) return null;
  let target: URL;
  try {
    target = new URL(url, currentSpecUrl);
  } catch {
    return null;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return null;
  if (target.username || target.password) return null;
  const hosted = target.origin === desktopOrigin && target.pathname.startsWith(HOSTED) && target.pathname.length > HOSTED.length;
  const sameSpecOrigin = target.origin !== desktopOrigin && target.origin === new URL(currentSpecUrl).origin;
  return hosted || sameSpecOrigin ? target.href : null;
}
