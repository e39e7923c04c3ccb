import type { Element } from '../../xml/element.js';
import { NS } from '../namespaces.js';
import type { SessionHandle, StreamFeature } from '../session-api.js';

/** STARTTLS (RFC 6120 §5), offered on connections that can still switch to TLS. */
export class StartTlsFeature implements StreamFeature {
  constructor(private readonly required: boolean) {}

  offer(session: SessionHandle): string {
    const { transport } = session;
    if (!transport.canStartTls || transport.secure) return '';
    return `<starttls xmlns='${NS.tls}'>${this.required ? '<required/>' : ''}</starttls>`;
  }

  negotiate(element: Element, session: SessionHandle): boolean {
    if (element.localName !== 'starttls' || element.attr('xmlns') !== NS.tls) return false;
    const { transport } = session;
    if (!transport.canStartTls || transport.secure) {
      session.send(`<failure xmlns='${NS.tls}'/>`);
      session.close();
      return true;
    }
    session.send(`<proceed xmlns='${NS.tls}'/>`);
    session.moveTo('negotiating-tls');
    transport.startTls();
    return true;
  }
}
