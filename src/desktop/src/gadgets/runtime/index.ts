import type { ContainerDialog } from '../protocol.js';
import { readBootstrap, takeSecrets } from './bootstrap.js';
import { Channel } from './channel.js';
import { HubClient, type HubSettings } from './hub-client.js';
import { createIo } from './io.js';
import { createPrefsConstructor } from './prefs.js';
import { createReport } from './report.js';
import { createUtil, json } from './util.js';
import { createLoadingIndicator, createViews, createWindow, loadingTimeoutSeconds } from './window-views.js';

// The container runtime every gadget document loads right after its bootstrap JSON and before its
// Content (gadget reference §2.1): it defines `gadgets` and `osapi`, then connects to the desktop once
// the onload handlers ran. Bundled as a classic script (scripts/build-gadget-assets.mjs).

// First, before any gadget code can read it: the secrets in window.name, which is then cleared.
const secrets = takeSecrets(window);
const { bootstrap, found } = readBootstrap(document);
const canConnect = secrets !== null && found && bootstrap.desktopOrigin !== '';
if (!canConnect) console.warn('openfinesse gadget runtime: this document was not opened by the desktop; the hub will not connect');

const channel = new Channel({
  hub: (message) => hub.receive(message),
  container: (message) => (message.kind === 'views.changed' ? views.changed(message.view) : io.receive(message.reqId, message)),
  report: (level, text) => report(level, text),
});
const send = channel.send.bind(channel);
const report = createReport(send);

const hubSettings: HubSettings = { params: {}, onConnect: undefined };
const hub = new HubClient(send, hubSettings, { clientId: String(bootstrap.mid), partnerOrigin: bootstrap.desktopOrigin }, window, report);
const io = createIo({ send, baseUrl: bootstrap.specUrl, createParser: () => new DOMParser(), report });
const views = createViews(bootstrap, send);
// The spec's title fills the title bar until the gadget sets its own (gadget reference §1.1); queued, so first.
if (bootstrap.title !== '') send({ kind: 'window.title', text: bootstrap.title });

/** After the gadget's onload handlers: onConnect is read now, then the hello goes to the desktop. */
function connect(): void {
  if (!secrets || !canConnect) return;
  const onConnect = typeof hubSettings.onConnect === 'function' ? hubSettings.onConnect : undefined;
  channel.handshake(window, { mid: bootstrap.mid, nonce: secrets.nonce, desktopOrigin: bootstrap.desktopOrigin }, hub.beginConnect(onConnect));
}

const util = createUtil(window.location.href, bootstrap.features, connect, report);
const loadingFeature = util.getFeatureParameters('loadingindicator');
const manualDismiss = String(loadingFeature?.['manual-dismiss'] ?? 'false') === 'true';

const gadgets = {
  util,
  json,
  Prefs: createPrefsConstructor({ bootstrap, secrets, urlParameters: util.getUrlParameters(), send, report }),
  io: io.io,
  window: createWindow(window, send),
  views: views.views,
  loadingindicator: createLoadingIndicator(window, manualDismiss, send, loadingTimeoutSeconds(loadingFeature?.['loading-timeout'])),
  HubSettings: hubSettings,
  Hub: hub.api,
  /** For openfinesse's finesse.js (ContainerServices) only. */
  openfinesse: {
    tabId: secrets?.tabId ?? null,
    modifyUrl: (url: unknown) => send({ kind: 'container.modifyUrl', url: String(url) }),
    reload: () => send({ kind: 'container.reload' }),
    dialog: (dialog: ContainerDialog | null) => send({ kind: 'container.dialog', dialog }),
  },
};

Object.assign(window, { gadgets, osapi: {} });
