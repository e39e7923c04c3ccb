import type { ConfigApi } from './config-api.js';
import type { XmlElement } from './xml.js';
import { at, leaves } from './xml.js';

/** Helpers of the layout tests: MediaPropertiesLayout bodies and reads, desktop layout documents. */

export interface Entry {
  displayName: string;
  mediaProperty: string;
  showInPopOver?: boolean;
  uiEditable?: boolean;
}

const escaped = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const entryXml = (e: Entry): string =>
  `<entry><displayName>${escaped(e.displayName)}</displayName><mediaProperty>${escaped(e.mediaProperty)}</mediaProperty>` +
  `${e.showInPopOver === undefined ? '' : `<showInPopOver>${e.showInPopOver}</showInPopOver>`}` +
  `${e.uiEditable === undefined ? '' : `<uiEditable>${e.uiEditable}</uiEditable>`}</entry>`;

/** A `<MediaPropertiesLayout>` body: the fields given (header and columns as entry lists). */
export function layoutBody(fields: { name?: string; description?: string; type?: string; uri?: string; header?: Entry[]; columns?: Entry[][] }): string {
  const text = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${escaped(value)}</${name}>`);
  return (
    `<MediaPropertiesLayout>${text('uri', fields.uri)}${text('name', fields.name)}${text('description', fields.description)}${text('type', fields.type)}` +
    `${fields.header ? `<header>${fields.header.map(entryXml).join('')}</header>` : ''}` +
    `${(fields.columns ?? []).map((c) => `<column>${c.map(entryXml).join('')}</column>`).join('')}</MediaPropertiesLayout>`
  );
}

export const variable = (n: number, displayName = `Var ${n}`): Entry => ({ displayName, mediaProperty: `callVariable${n}` });

/** Creates a CUSTOM layout with a header and two short columns; its id. */
export const createLayout = (api: ConfigApi, name: string, columns: Entry[][] = [[variable(1)], [variable(2)]]): Promise<string> =>
  api.create('/MediaPropertiesLayout', layoutBody({ name, description: `${name} description`, header: [variable(3, 'Account')], columns }));

/** What a `<MediaPropertiesLayout>` says, for comparisons: its leaves, and each entry as `displayName=mediaProperty`. */
export function layoutOf(el: XmlElement): { fields: Record<string, string>; header: string[]; columns: string[][] } {
  const entries = (parent: XmlElement | undefined) => (parent?.children ?? []).map((e) => `${leaves(e).displayName}=${leaves(e).mediaProperty}`);
  return {
    fields: leaves(el),
    header: entries(at(el, 'header')),
    columns: el.children.filter((c) => c.name === 'column').map(entries),
  };
}

/** A `<finesseLayout>` with the gadgets given on the agent's home tab. */
export function desktopLayout(gadgets: string[], label = 'Home'): string {
  return (
    `<finesseLayout xmlns="http://www.cisco.com/vtg/finesse"><version>1201.0</version><layout><role>Agent</role>` +
    `<page><gadget>/desktop/scripts/js/callcontrol.js</gadget></page><tabs><tab><id>home</id><label>${label}</label><gadgets>` +
    `${gadgets.map((g) => `<gadget>${escaped(g)}</gadget>`).join('')}</gadgets></tab></tabs></layout></finesseLayout>`
  );
}

/** `<LayoutConfig><layoutxml>` with the document escaped, as finesse.js sends it. */
export const layoutConfigBody = (xml: string): string => `<LayoutConfig><layoutxml>${escaped(xml)}</layoutxml></LayoutConfig>`;

export const teamLayoutConfigBody = (useDefault: string | undefined, xml?: string): string =>
  `<TeamLayoutConfig>${useDefault === undefined ? '' : `<useDefault>${useDefault}</useDefault>`}${xml === undefined ? '' : `<layoutxml>${escaped(xml)}</layoutxml>`}</TeamLayoutConfig>`;
