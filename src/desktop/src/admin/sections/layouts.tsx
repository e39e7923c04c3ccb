import type { SectionProps } from '../section';
import { DesktopLayouts } from './desktop-layouts';
import { MediaLayouts } from './media-layouts';

/** Layouts: what the desktop shows of a call, and the desktop's gadgets. */
export function LayoutsSection({ api }: SectionProps) {
  return (
    <>
      <MediaLayouts api={api} />
      <DesktopLayouts api={api} />
    </>
  );
}
