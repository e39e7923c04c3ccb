// The contracts between the pieces of the gadget container (gadget reference §2.1, §2.7, §6, §7), in one
// place because four separately written parts meet here: the server's renderer (/gadgets/ifr), the
// runtime inside each gadget document, the desktop that hosts the gadgets, and the makeRequest proxy.
// The server cannot import the desktop's code, so src/gadgets and src/http keep their own copies of the
// JSON shapes they produce; these are the definitions, and each receiver validates what it reads.

/**
 * What the desktop puts in the gadget iframe's `name` (JSON) and the runtime reads and clears at its first
 * line (§7.2): never in a URL.
 */
export interface GadgetSecrets {
  /** One-time value the runtime echoes in its `hello`; the desktop accepts the frame only with it. */
  nonce: string;
  /** base64 of `id:password`, the `authorization` container pref. */
  authorization: string;
  /** SSO bearer token; '' under Basic. */
  authToken: string;
  /** The user's loginId, the `id` container pref. */
  id: string;
  /** The layout tab the gadget sits in; null on the always-visible page area and in the header. */
  tabId: string | null;
}

/** The container prefs that travel only in the frame's name (§2.3, §7.2). */
export const SECRET_CONTAINER_PREFS = ['authorization', 'authToken', 'id'] as const;

/**
 * The non-secret container prefs (the fields of `finesse.gadget.Config`, §2.3): the desktop passes them as
 * `up_*` render parameters; a gadget may never set any container pref.
 */
export const PUBLIC_CONTAINER_PREFS = [
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
  'clientDriftInMillis',
  'mobileAgentMode',
  'mobileAgentDialNumber',
  'compatibilityMode',
] as const;

/**
 * The non-secret bootstrap the renderer writes into the gadget document's head, before the runtime
 * script, as `<script type="application/json" id="openfinesse-gadget">` (JSON with `<` escaped as
 * `\u003c`).
 */
export interface GadgetBootstrap {
  /** The module id (`mid`). */
  mid: number;
  /** The absolute spec URL, with its own query. */
  specUrl: string;
  /** D: the desktop origin the runtime posts its `hello` to (`scheme://host:port`). */
  desktopOrigin: string;
  /** ModulePrefs title after hangman substitution ('' when none). */
  title: string;
  /** ModulePrefs height in pixels, or null. */
  height: number | null;
  scrolling: boolean;
  /** The view rendered ('default' or 'canvas') and every view the spec's Content offers. */
  view: string;
  views: string[];
  /** Require and Optional features the container knows, with their Params (repeated Param → array). */
  features: Record<string, Record<string, string | string[]>>;
  lang: string;
  country: string;
  languageDirection: 'ltr' | 'rtl';
  /** The chosen message bundle (`getMsg`), already merged over its fallbacks. */
  messages: Record<string, string>;
  /** Declared UserPrefs: their defaults feed `gadgets.Prefs` when no `up_` parameter is given. */
  userPrefs: Record<string, { defaultValue: string; datatype: string; displayName: string; required: boolean }>;
}

/** Gadget → parent window, once, after the runtime has read its secrets (targetOrigin = desktopOrigin). */
export interface GadgetHello {
  kind: 'openfinesse.hello';
  mid: number;
  nonce: string;
}

/** Parent → gadget window (targetOrigin '*': the frame's origin is opaque), transferring the MessagePort. */
export interface DesktopWelcome {
  kind: 'openfinesse.welcome';
}

/**
 * Gadget → desktop on the MessagePort, besides the hub messages of ./hub/channel.ts. The desktop
 * validates each one and ignores (and logs) anything else.
 */
export type GadgetContainerMessage =
  | {
      kind: 'io.request';
      reqId: string;
      url: string;
      method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
      /** Header name → value as the gadget gave them. */
      headers: Record<string, string>;
      /** The POST_DATA; null on GET/HEAD or when none. */
      body: string | null;
      getFullHeaders: boolean;
    }
  /** The height in pixels the gadget asks for (the runtime measures "fit content" itself). */
  | { kind: 'window.height'; height: number }
  | { kind: 'window.title'; text: string }
  | { kind: 'prefs.set'; key: string; value: string }
  | { kind: 'loading.dismiss' }
  | { kind: 'loading.show' }
  /** The spec's loadingindicator `loading-timeout` in seconds: how long before the overlay offers Retry. */
  | { kind: 'loading.timeout'; seconds: number }
  | { kind: 'views.navigate'; view: string }
  | { kind: 'container.reload' }
  | { kind: 'container.modifyUrl'; url: string }
  /** ContainerServices.showDialog (text only; null = hideDialog). A blocking dialog has no OK button. */
  | { kind: 'container.dialog'; dialog: ContainerDialog | null }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; text: string };

/** The dialog a gadget asks the desktop to draw over its card (gadget reference §2.7, §4.2). */
export interface ContainerDialog {
  title: string;
  message: string;
  blocking: boolean;
}

/** Desktop → gadget on the MessagePort, besides the hub messages of ./hub/channel.ts. */
export type DesktopContainerMessage =
  /** The makeRequest answer (gadget reference §2.4 shape before CONTENT_TYPE handling). */
  | { kind: 'io.response'; reqId: string; rc: number; body: string; headers: Record<string, string[]>; errors: string[] }
  /** The view the desktop now shows the gadget in (after views.navigate or a maximise toggle). */
  | { kind: 'views.changed'; view: string };

/** `POST /openfinesse/gadgets/proxy` body (§7.4), sent by the desktop with the user's Basic credentials. */
export interface ProxyRequest {
  mid: number;
  specUrl: string;
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  headers: Record<string, string>;
  body: string | null;
  getFullHeaders: boolean;
}

/** Its 200 answer; `rc` carries the target's status, or the proxy's own 403/413/429/502/504. */
export interface ProxyResponse {
  rc: number;
  body: string;
  /** Lower-case header name → values; never set-cookie. */
  headers: Record<string, string[]>;
  /** `['<rc> Error']` when rc < 200 or rc ≥ 400, else []. */
  errors: string[];
}

/** The custom header the proxy requires (forces a CORS preflight, so gadgets cannot call it directly). */
export const PROXY_HEADER = 'X-OpenFinesse-Desktop';

/** Finesse's own gadgets that the desktop draws itself (gadget reference §6). */
export type BuiltInGadget =
  | 'callControl'
  | 'queueStatistics'
  | 'teamPerformance'
  | 'teamMessage'
  | 'recentCallHistory'
  | 'recentStateHistory'
  | 'logo'
  | 'agentVoiceState'
  | 'identity';

/** One `<gadget>` (or header `<component>`) of the effective layout. */
export interface LayoutGadget {
  /** As written in the layout (relative `/3rdpartygadget/files/x.xml` or absolute, with its query). */
  url: string;
  /** Set when the URL names one of Finesse's built-in gadgets. */
  builtIn: BuiltInGadget | null;
  /** The `id` attribute, if any. */
  id: string | null;
  maxRows: number | null;
}

export interface LayoutTab {
  id: string;
  /** A resource key (`finesse.container.tabs.agent.homeLabel`) or literal text. */
  label: string;
  icon: string | null;
  /** The tab's columns, left to right; a tab written with a plain `<gadgets>` list has one column. */
  columns: LayoutGadget[][];
}

/** `GET /openfinesse/desktop/layout`: the caller's effective layout (team, else default; by role). */
export interface EffectiveLayout {
  role: 'Agent' | 'Supervisor';
  /** Where it came from: the team's own layout or the default one. */
  source: 'team' | 'default';
  title: string | null;
  logo: string | null;
  header: { left: LayoutGadget[]; right: LayoutGadget[] };
  /** Gadgets shown above the tabs. */
  page: LayoutGadget[];
  tabs: LayoutTab[];
}
