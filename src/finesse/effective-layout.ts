import type { BuiltInGadgetName } from '../domain/desktop-layout.js';
import { builtInGadgetOf } from '../domain/desktop-layout.js';
import type { XmlElement } from './xml-reader.js';
import { readXml } from './xml-reader.js';

/** The server's copies of the layout shapes of src/desktop/src/gadgets/protocol.ts (`EffectiveLayout`). */
export interface LayoutGadgetJson {
  url: string;
  builtIn: BuiltInGadgetName | null;
  id: string | null;
  maxRows: number | null;
}

export interface LayoutTabJson {
  id: string;
  label: string;
  icon: string | null;
  columns: LayoutGadgetJson[][];
}

export type LayoutRole = 'Agent' | 'Supervisor';

export interface EffectiveLayoutJson {
  role: LayoutRole;
  source: 'team' | 'default';
  title: string | null;
  logo: string | null;
  header: { left: LayoutGadgetJson[]; right: LayoutGadgetJson[] };
  page: LayoutGadgetJson[];
  tabs: LayoutTabJson[];
}

/**
 * A `<finesseLayout>` (gadget reference §6) as the desktop draws it for one role: the 12.x configs and
 * header, and the `<layout>` whose `<role>` is the caller's (a supervisor without a Supervisor layout
 * gets the Agent one, as does anyone when the layout names no role). Layouts were checked when they
 * were stored; an element this reader does not know is ignored.
 */
export function effectiveLayoutOf(layoutXml: string, role: LayoutRole, source: 'team' | 'default'): EffectiveLayoutJson {
  const root = readXml(layoutXml);
  const configs = new Map((root.child('configs')?.children ?? []).filter((c) => c.localName === 'config').map((c) => [c.attr('key'), c.attr('value')]));
  const header = root.child('header');
  const layouts = root.children.filter((c) => c.localName === 'layout');
  const roleOf = (layout: XmlElement) => textOf(layout.child('role'));
  const layout = layouts.find((l) => roleOf(l) === role) ?? layouts.find((l) => roleOf(l) === 'Agent') ?? layouts[0];
  return {
    role,
    source,
    title: configs.get('title') ?? null,
    logo: configs.get('logo') ?? null,
    header: { left: headerGadgets(header?.child('leftAlignedColumns')), right: headerGadgets(header?.child('rightAlignedColumns')) },
    page: gadgetsIn(layout?.child('page')),
    tabs: (layout?.child('tabs')?.children ?? []).filter((c) => c.localName === 'tab').map(tabOf),
  };
}

function tabOf(tab: XmlElement): LayoutTabJson {
  const columns = tab.child('columns');
  return {
    id: textOf(tab.child('id')) ?? '',
    label: textOf(tab.child('label')) ?? '',
    icon: textOf(tab.child('icon')) ?? null,
    columns: columns
      ? columns.children.filter((c) => c.localName === 'column').map((c) => gadgetsIn(c.child('gadgets') ?? c))
      : [gadgetsIn(tab.child('gadgets'))],
  };
}

/** The `<gadget>` children of a list (a page, a tab's or column's `<gadgets>`). */
function gadgetsIn(list: XmlElement | undefined): LayoutGadgetJson[] {
  return (list?.children ?? []).filter((c) => c.localName === 'gadget').map((g) => gadgetOf(g.text.trim(), g));
}

/** Header components (`<headercolumn><component id><url>`), and plain `<gadget>`s placed in a header column. */
function headerGadgets(side: XmlElement | undefined): LayoutGadgetJson[] {
  const gadgets: LayoutGadgetJson[] = [];
  for (const column of side?.children ?? []) {
    for (const item of column.children) {
      if (item.localName === 'component') gadgets.push(gadgetOf(textOf(item.child('url')) ?? '', item));
      else if (item.localName === 'gadget') gadgets.push(gadgetOf(item.text.trim(), item));
    }
  }
  return gadgets.filter((g) => g.url !== '');
}

function gadgetOf(url: string, element: XmlElement): LayoutGadgetJson {
  const maxRows = Number.parseInt(element.attr('maxRows') ?? '', 10);
  return { url, builtIn: builtInGadgetOf(url), id: element.attr('id') ?? null, maxRows: Number.isFinite(maxRows) ? maxRows : null };
}

function textOf(element: XmlElement | undefined): string | undefined {
  const text = element?.text.trim();
  return text === '' ? undefined : text;
}
