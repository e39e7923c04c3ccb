import { DESKTOP_LAYOUT_MAX_BYTES } from './configuration-limits.js';
import { DomainError } from './errors.js';
import { HOSTED_GADGETS_PATH } from './gadget-files.js';
import type { AllowListEntry } from './gadget-allow-list.js';
import { allowListCovers, parseHttpUrl } from './gadget-allow-list.js';

/** A team's desktop layout (admin reference §9): its own XML, or the system default when `useDefault`. */
export interface TeamLayoutConfig {
  teamId: string;
  useDefault: boolean;
  /** The team's own layout; null when it uses the default. */
  layoutXml: string | null;
}

/** Finesse's own gadgets, which the desktop draws itself (gadget reference §6). */
export type BuiltInGadgetName =
  | 'callControl'
  | 'queueStatistics'
  | 'teamPerformance'
  | 'teamMessage'
  | 'recentCallHistory'
  | 'recentStateHistory'
  | 'logo'
  | 'agentVoiceState'
  | 'identity';

/**
 * The Cisco gadgets a layout may name by URL: the 10.x JSP gadgets and the 12.x built-in scripts the
 * desktop renders itself (gadget reference §6). Matched on the path, without a query.
 */
const BUILT_IN_GADGETS: ReadonlyMap<string, BuiltInGadgetName> = new Map([
  ['/desktop/gadgets/CallControl.jsp', 'callControl'],
  ['/desktop/gadgets/QueueStatistics.jsp', 'queueStatistics'],
  ['/desktop/gadgets/TeamPerformance.jsp', 'teamPerformance'],
  ['/desktop/gadgets/TeamMessage.jsp', 'teamMessage'],
  ['/desktop/scripts/js/callcontrol.js', 'callControl'],
  ['/desktop/scripts/js/queueStatistics.js', 'queueStatistics'],
  ['/desktop/scripts/js/teamPerformance.js', 'teamPerformance'],
  ['/desktop/scripts/js/teamMessage.js', 'teamMessage'],
  ['/desktop/scripts/js/recentCallHistory.js', 'recentCallHistory'],
  ['/desktop/scripts/js/recentStateHistory.js', 'recentStateHistory'],
  ['/desktop/scripts/js/logo.js', 'logo'],
  ['/desktop/scripts/js/agentVoiceState.js', 'agentVoiceState'],
  ['/desktop/scripts/js/identity-component.js', 'identity'],
]);

/** The built-in gadget a layout URL names (its path, without the query), or null for any other URL. */
export function builtInGadgetOf(url: string): BuiltInGadgetName | null {
  return BUILT_IN_GADGETS.get(url.split('?')[0]!) ?? null;
}

/**
 * Refuses (400 Bad Request, ErrorData the URL) a gadget URL a layout may not name: only hosted files
 * (`/3rdpartygadget/files/…`, no `..`), the built-in gadgets, and absolute http(s) URLs the gadget
 * allow-list covers for GET (the spec is fetched from there, and the gadget gets the user's credentials).
 */
export function checkGadgetUrl(url: string, allowList: readonly AllowListEntry[] = []): void {
  const path = url.split('?')[0]!;
  if (BUILT_IN_GADGETS.has(path)) return;
  if (parseHttpUrl(url) && allowListCovers(allowList, url, 'GET', url)) return;
  if (!isHostedFile(path)) {
    throw new DomainError(
      'BadRequest',
      `A layout may name only ${HOSTED_GADGETS_PATH}… files, the built-in gadgets and absolute URLs on the gadget allow-list`,
      url,
    );
  }
}

/**
 * A path inside the hosted folder that stays there once a browser resolves it: no `.` or `..` segment
 * (written plainly or percent-encoded, which URL parsers treat alike), no encoded or back slash, no
 * empty segment, no white space.
 */
function isHostedFile(path: string): boolean {
  if (!path.startsWith(HOSTED_GADGETS_PATH) || path.length === HOSTED_GADGETS_PATH.length) return false;
  return !/(^|\/)(\.|%2e){1,2}(\/|$)|%2f|%5c|\\|\s|\/\//i.test(path);
}

/** Refuses (400 Bad Request) a layout larger than 32 KiB of UTF-8 or an empty one. */
export function checkLayoutSize(xml: string): void {
  if (xml.trim() === '') throw new DomainError('BadRequest', 'layoutxml is required', 'layoutxml');
  if (new TextEncoder().encode(xml).length > DESKTOP_LAYOUT_MAX_BYTES) {
    throw new DomainError('BadRequest', `The layout must be at most ${DESKTOP_LAYOUT_MAX_BYTES} bytes`, 'layoutxml');
  }
}

const tab = (id: string, label: string, gadgets: readonly string[]) =>
  `      <tab>
        <id>${id}</id>
        <label>${label}</label>
        <gadgets>
${gadgets.map((g) => `          <gadget>${g}</gadget>`).join('\n')}
        </gadgets>
      </tab>`;

const role = (name: 'Agent' | 'Supervisor', tabs: readonly string[]) => `  <layout>
    <role>${name}</role>
    <page>
      <gadget>/desktop/scripts/js/callcontrol.js</gadget>
    </page>
    <tabs>
${tabs.join('\n')}
    </tabs>
  </layout>`;

/** The desktop layout every team has until an administrator changes `/LayoutConfig/default`. */
export const STOCK_DESKTOP_LAYOUT = `<finesseLayout xmlns="http://www.cisco.com/vtg/finesse">
  <version>1201.0</version>
${role('Agent', [
  tab('home', 'finesse.container.tabs.agent.homeLabel', ['/desktop/scripts/js/queueStatistics.js']),
  tab('myHistory', 'finesse.container.tabs.agent.myHistoryLabel', ['/desktop/scripts/js/recentCallHistory.js', '/desktop/scripts/js/recentStateHistory.js']),
])}
${role('Supervisor', [
  tab('home', 'finesse.container.tabs.supervisor.homeLabel', ['/desktop/scripts/js/teamPerformance.js', '/desktop/scripts/js/queueStatistics.js']),
  tab('myHistory', 'finesse.container.tabs.supervisor.myHistoryLabel', [
    '/desktop/scripts/js/recentCallHistory.js',
    '/desktop/scripts/js/recentStateHistory.js',
  ]),
  tab('teamMessages', 'finesse.container.tabs.supervisor.teamMessageLabel', ['/desktop/scripts/js/teamMessage.js']),
])}
</finesseLayout>
`;
