import { attributes } from '../../xml/escape.js';
import type { IqOutcome, IqRouter } from '../iq-router.js';
import { NS } from '../namespaces.js';
import type { SessionHandle } from '../session-api.js';

/**
 * Service discovery (XEP-0030) of the server and of the account: the server lists the features modules
 * add, in the order they add them, and the components (`pubsub.<domain>`) as items. Components answer
 * discovery of their own JID themselves.
 */
export class DiscoModule<S extends SessionHandle> {
  private readonly features: string[] = [NS.discoInfo, NS.discoItems];
  private readonly items: string[] = [];
  private serverInfo: string | null = null;

  constructor(
    router: IqRouter<S>,
    private readonly serverName: string,
  ) {
    router.register('server', NS.discoInfo, 'query', (iq, query) => this.answer(iq, query, () => this.serverInfoXml()));
    router.register('server', NS.discoItems, 'query', (iq, query) => this.answer(iq, query, () => this.serverItemsXml()));
    router.register('account', NS.discoInfo, 'query', (iq, query) =>
      this.answer(iq, query, () => `<query xmlns='${NS.discoInfo}'><identity category='account' type='registered'/><feature var='${NS.discoInfo}'/></query>`),
    );
    router.register('account', NS.discoItems, 'query', (iq, query) => this.answer(iq, query, () => `<query xmlns='${NS.discoItems}'/>`));
  }

  /** A feature the server supports, listed after those added before it. */
  addFeature(namespace: string): void {
    this.features.push(namespace);
    this.serverInfo = null;
  }

  /** A component (or other entity) listed in the server's items. */
  addItem(jid: string, name: string): void {
    this.items.push(`<item${attributes({ jid, name })}/>`);
  }

  private answer(iq: { attr(name: string): string | undefined }, query: { attr(name: string): string | undefined }, payload: () => string): IqOutcome {
    if (iq.attr('type') !== 'get' || query.attr('node') !== undefined) return { error: 'service-unavailable' };
    return { payload: payload() };
  }

  private serverItemsXml(): string {
    return this.items.length === 0 ? `<query xmlns='${NS.discoItems}'/>` : `<query xmlns='${NS.discoItems}'>${this.items.join('')}</query>`;
  }

  private serverInfoXml(): string {
    this.serverInfo ??=
      `<query xmlns='${NS.discoInfo}'><identity category='server' type='im'${attributes({ name: this.serverName })}/>` +
      `${this.features.map((f) => `<feature var='${f}'/>`).join('')}</query>`;
    return this.serverInfo;
  }
}
