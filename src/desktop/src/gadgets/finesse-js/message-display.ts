// MessageDisplay.js, its own classic script (gadget reference §4.3): finesse.utilities.MessageDisplay with a
// banner at the top of the gadget's body. It merges into `window.finesse` whether or not finesse.js ran first.
import { finesseRoot, namespace } from './namespace.js';

const BANNER_ID = 'openfinesse-message-banner';

const BANNER_STYLE = [
  'box-sizing:border-box',
  'width:100%',
  'margin:0 0 8px 0',
  'padding:6px 10px',
  'border:1px solid #d9534f',
  'border-radius:3px',
  'background:#f2dede',
  'color:#a94442',
  'font:13px/1.4 sans-serif',
].join(';');

function whenBodyExists(run: (body: HTMLElement) => void): void {
  if (document.body) return run(document.body);
  document.addEventListener('DOMContentLoaded', () => run(document.body), { once: true });
}

function showBannerError(message: unknown): void {
  const text = message === undefined || message === null ? '' : String(message);
  whenBodyExists((body) => {
    let banner = document.getElementById(BANNER_ID);
    if (!banner) {
      banner = document.createElement('div');
      banner.id = BANNER_ID;
      banner.setAttribute('role', 'alert');
      banner.setAttribute('style', BANNER_STYLE);
    }
    if (body.firstChild !== banner) body.insertBefore(banner, body.firstChild);
    banner.textContent = text;
    banner.hidden = false;
  });
}

function hideBanner(): void {
  const banner = document.getElementById(BANNER_ID);
  if (banner) banner.hidden = true;
}

namespace(finesseRoot(), 'utilities').MessageDisplay = { showBannerError, hideBanner };
