import { useEffect, useMemo, useRef } from 'preact/hooks';
import { isAffectedBy, watchGadgetChanges } from '../gadgets/dev-reload';
import { containerPrefs } from '../gadgets/host/container-prefs';
import { ACTIVE_TAB_TOPIC, MAX_HEIGHT_CHANGED_TOPIC } from '../gadgets/host/container-requests';
import { GadgetFrameController } from '../gadgets/host/gadget-frame';
import type { GadgetHub, HostLog } from '../gadgets/host/hub-host';
import { type GadgetInstance, planInstances } from '../gadgets/host/instances';
import { absoluteSpecUrl } from '../gadgets/host/layout';
import type { EffectiveLayout, LayoutGadget } from '../gadgets/protocol';
import type { DesktopSession } from '../session';

const log: HostLog = (level, text) => console[level](`[gadgets] ${text}`);

/** The room left below the top of the tab area: what a maximised gadget may fill. */
export function maxAvailableHeight(area: HTMLElement | null): number {
  const top = area ? area.getBoundingClientRect().top : 0;
  return Math.max(0, Math.round(window.innerHeight - top));
}

export interface GadgetFrames {
  instances: Map<LayoutGadget, GadgetInstance>;
  controllers: Map<number, GadgetFrameController>;
}

function createController(session: DesktopSession, hub: GadgetHub, instance: GadgetInstance, onNavigate: (mid: number, view: 'default' | 'canvas') => void) {
  const state = () => session.get();
  return new GadgetFrameController({
    hub,
    mid: instance.mid,
    specUrl: absoluteSpecUrl(instance.gadget.url, window.location.origin),
    tabId: instance.tabId,
    slot: { user: state().user?.loginId ?? '', specUrl: absoluteSpecUrl(instance.gadget.url, window.location.origin), occurrence: instance.occurrence },
    containerPrefs: () => {
      const { user, system, extension } = state();
      return containerPrefs({
        location: window.location,
        extension,
        teamId: user?.teamId ?? '',
        teamName: user?.teamName ?? '',
        xmppDomain: system?.xmppDomain ?? '',
        pubsubDomain: system?.xmppPubSubDomain ?? '',
        clockSkewMs: system?.clockSkew ?? 0,
      });
    },
    secrets: () => ({ authorization: session.rest?.credentials64 ?? '', authToken: '', id: state().user?.loginId ?? '' }),
    proxy: () => ({ base: session.rest?.base ?? '', credentials: session.rest?.credentials64 ?? '' }),
    storage: window.localStorage,
    onNavigate: (view) => onNavigate(instance.mid, view),
    desktopOrigin: window.location.origin,
    log,
  });
}

/**
 * One controller per gadget iframe of `layout` (built-ins have none), alive as long as the layout is;
 * the container services answer from the tab state; the hub hears of tab switches and resizes.
 */
export function useGadgetFrames(
  session: DesktopSession,
  hub: GadgetHub,
  layout: EffectiveLayout,
  tabs: { active: string | null; select: (id: string) => void; area: () => HTMLElement | null },
  onNavigate: (mid: number, view: 'default' | 'canvas') => void,
): GadgetFrames {
  const navigate = useRef(onNavigate);
  navigate.current = onNavigate;
  const frames = useMemo<GadgetFrames>(() => {
    const planned = planInstances(layout);
    const controllers = new Map<number, GadgetFrameController>();
    for (const instance of planned) {
      if (!instance.gadget.builtIn)
        controllers.set(
          instance.mid,
          createController(session, hub, instance, (mid, view) => navigate.current(mid, view)),
        );
    }
    return { instances: new Map(planned.map((i) => [i.gadget, i])), controllers };
  }, [session, hub, layout]);
  useEffect(
    () => () => {
      for (const controller of frames.controllers.values()) controller.destroy();
    },
    [frames],
  );

  const active = useRef(tabs.active);
  active.current = tabs.active;
  useEffect(() => {
    hub.setContainerHost({
      activeTab: () => active.current,
      hasTab: (id) => layout.tabs.some((t) => t.id === id),
      selectTab: tabs.select,
      reloadGadget: (mid) => {
        const controller = frames.controllers.get(mid);
        controller?.reload();
        return controller !== undefined;
      },
    });
    return () => hub.setContainerHost(null);
  }, [hub, layout, frames, tabs.select]);

  useEffect(() => {
    if (tabs.active !== null) hub.publish(ACTIVE_TAB_TOPIC, tabs.active);
  }, [hub, tabs.active]);

  // Under `openfinesse gadget serve`: reload the gadgets whose hosted folder changed.
  useEffect(
    () =>
      watchGadgetChanges((paths) => {
        for (const instance of frames.instances.values()) {
          if (paths.some((path) => isAffectedBy(instance.gadget.url, path))) frames.controllers.get(instance.mid)?.reload();
        }
      }),
    [frames],
  );

  useEffect(() => {
    const onResize = () => hub.publish(MAX_HEIGHT_CHANGED_TOPIC, { maxAvailableHeight: maxAvailableHeight(tabs.area()) });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [hub, tabs.area]);
  return frames;
}
