import { useEffect, useRef, useState } from 'preact/hooks';
import type { GadgetFrameController } from '../gadgets/host/gadget-frame';

/** A gadget's card: its title bar, its sandboxed iframe, and the loading overlay the desktop draws over it. */
export function GadgetFrame({ controller, hidden }: { controller: GadgetFrameController; hidden: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState(controller.state);
  useEffect(() => {
    setFrame(controller.state);
    const stop = controller.listen(setFrame);
    controller.mount(host.current!);
    return () => {
      stop();
      controller.unmount();
    };
  }, [controller]);
  const titleId = `gadget-title-${controller.mid}`;
  return (
    <section
      class={`card gadget${frame.view === 'canvas' ? ' gadget-canvas' : ''}`}
      data-testid="gadget"
      data-mid={controller.mid}
      data-view={frame.view}
      aria-labelledby={titleId}
      hidden={hidden}
    >
      <h2 class="gadget-title" id={titleId} data-testid="gadget-title">
        {frame.title}
      </h2>
      <div class="gadget-body">
        <div ref={host} class="gadget-host" />
        {frame.loading && (
          <div class="gadget-loading" data-testid="gadget-loading" role="status">
            {frame.timedOut ? (
              <>
                <span>The gadget did not finish loading.</span>
                <button type="button" class="secondary" onClick={() => controller.reload()}>
                  Retry
                </button>
              </>
            ) : (
              <span>Loading…</span>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
