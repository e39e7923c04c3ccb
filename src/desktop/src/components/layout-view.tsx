import { useCallback, useRef, useState } from 'preact/hooks';
import type { GadgetHub } from '../gadgets/host/hub-host';
import { tabLabel } from '../gadgets/host/layout';
import type { EffectiveLayout, LayoutGadget } from '../gadgets/protocol';
import type { DesktopSession, DesktopState } from '../session';
import { BuiltInGadgetView } from './built-in-gadget';
import { GadgetFrame } from './gadget-frame';
import { type GadgetFrames, maxAvailableHeight, useGadgetFrames } from './use-gadget-frames';

interface Props {
  layout: EffectiveLayout;
  session: DesktopSession;
  state: DesktopState;
  hub: GadgetHub;
}

/** Where a gadget is maximised (canvas view): by tab id, '' for the page area. */
type Maximised = Record<string, number | undefined>;

/** The layout's page area (above the tabs), its tabs and their columns (gadget reference §6). */
export function LayoutView({ layout, session, state, hub }: Props) {
  const [active, setActive] = useState<string | null>(layout.tabs[0]?.id ?? null);
  const [maximised, setMaximised] = useState<Maximised>({});
  const area = useRef<HTMLDivElement>(null);
  const getArea = useCallback(() => area.current, []);
  const select = useCallback((id: string) => setActive(id), []);
  const navigate = (mid: number, view: 'default' | 'canvas') => {
    const instance = [...frames.instances.values()].find((i) => i.mid === mid);
    if (!instance) return;
    const place = instance.tabId ?? '';
    setMaximised((m) => ({ ...m, [place]: view === 'canvas' ? mid : m[place] === mid ? undefined : m[place] }));
    frames.controllers.get(mid)?.setView(view, maxAvailableHeight(area.current));
  };
  const frames = useGadgetFrames(session, hub, layout, { active, select, area: getArea }, navigate);

  const render = (gadget: LayoutGadget, place: string) => (
    <PlacedGadget
      key={frames.instances.get(gadget)?.mid}
      gadget={gadget}
      frames={frames}
      hidden={isHidden(gadget, frames, maximised[place])}
      session={session}
      state={state}
    />
  );
  return (
    <div class="layout-host">
      {layout.header.left.length + layout.header.right.length > 0 && (
        <div class="layout-header">
          <div class="layout-header-left">{layout.header.left.map((g) => render(g, ''))}</div>
          <div class="layout-header-right">{layout.header.right.map((g) => render(g, ''))}</div>
        </div>
      )}
      {layout.page.length > 0 && <div class="page-area">{layout.page.map((g) => render(g, ''))}</div>}
      {layout.tabs.length > 0 && (
        <div class="tabs" role="tablist" aria-label="Desktop">
          {layout.tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              data-tab={t.id}
              aria-selected={t.id === active}
              aria-controls={`panel-${t.id}`}
              class={t.id === active ? 'tab active' : 'tab'}
              onClick={() => setActive(t.id)}
            >
              {tabLabel(t.label)}
            </button>
          ))}
        </div>
      )}
      <div ref={area} class="tab-area">
        {layout.tabs.map((t) => (
          <div
            key={t.id}
            role="tabpanel"
            id={`panel-${t.id}`}
            aria-labelledby={`tab-${t.id}`}
            class={maximised[t.id] === undefined ? 'tab-panel' : 'tab-panel has-canvas'}
            hidden={t.id !== active}
          >
            {t.columns.map((column, i) => (
              <div key={i} class="tab-column">
                {column.map((g) => render(g, t.id))}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** In a place where one gadget is maximised, the others step aside. */
function isHidden(gadget: LayoutGadget, frames: GadgetFrames, maximisedMid: number | undefined): boolean {
  return maximisedMid !== undefined && frames.instances.get(gadget)?.mid !== maximisedMid;
}

function PlacedGadget({
  gadget,
  frames,
  hidden,
  session,
  state,
}: { gadget: LayoutGadget; frames: GadgetFrames; hidden: boolean } & Pick<Props, 'session' | 'state'>) {
  if (gadget.builtIn) {
    return (
      <div class="builtin-gadget" hidden={hidden}>
        <BuiltInGadgetView name={gadget.builtIn} session={session} state={state} />
      </div>
    );
  }
  const mid = frames.instances.get(gadget)?.mid;
  const controller = mid === undefined ? undefined : frames.controllers.get(mid);
  return controller ? <GadgetFrame controller={controller} hidden={hidden} /> : null;
}
