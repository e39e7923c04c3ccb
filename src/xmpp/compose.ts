import { BindFeature } from './features/bind.js';
import { LegacySessionFeature } from './features/legacy-session.js';
import { SaslFeature } from './features/sasl.js';
import { StartTlsFeature } from './features/starttls.js';
import { IqRouter } from './iq-router.js';
import type { LocalBroadcaster } from './local-broadcaster.js';
import { DiscoModule } from './modules/disco.js';
import { MessageModule } from './modules/message.js';
import { registerPing } from './modules/ping.js';
import { PresenceModule } from './modules/presence.js';
import { registerRoster } from './modules/roster.js';
import { NS } from './namespaces.js';
import type { Clock, XmppLimits } from './ports.js';
import { registerPubsubIq } from './pubsub/pubsub-iq.js';
import type { PubsubService } from './pubsub/pubsub-service.js';
import type { SaslAuthenticator } from './sasl/authenticator.js';
import type { SessionServices, XmppSession } from './session.js';
import type { SessionRegistry } from './session-registry.js';

export interface ModuleDependencies {
  domain: string;
  clock: Clock;
  limits: XmppLimits;
  authenticator: SaslAuthenticator;
  requireTls: boolean;
  allowPlainWithoutTls: boolean;
  registry: SessionRegistry<XmppSession>;
  broadcaster: LocalBroadcaster<XmppSession>;
  pubsub: PubsubService;
  /** The server's name in discovery. */
  name: string;
  serviceContact: string | null;
  /** Told when a session has ended, after its presence and binding were cleaned up. */
  ended(session: XmppSession): void;
}

/**
 * The modules every session uses, built once per server, in the order they answer: STARTTLS and SASL
 * before authentication; resource binding; then IQs by address and namespace (discovery, ping, roster,
 * session, pubsub), presence and messages. Discovery lists features in the order modules add them.
 */
export function composeSessionServices(deps: ModuleDependencies): SessionServices {
  const { domain, registry, broadcaster, pubsub } = deps;
  const router = new IqRouter<XmppSession>(domain);
  const disco = new DiscoModule(router, deps.name);
  registerPing(router, disco);
  registerRoster(router, disco);
  const bind = new BindFeature(registry, domain);
  router.registerAnywhere(NS.bind, 'bind', bind.again);
  const legacySession = new LegacySessionFeature(router);
  registerPubsubIq(router, pubsub);
  disco.addItem(pubsub.jid, pubsub.name);
  const presence = new PresenceModule({ registry, broadcaster, serviceContact: deps.serviceContact });
  const messages = new MessageModule(registry);
  const { requireTls, authenticator, allowPlainWithoutTls } = deps;
  return {
    domain,
    clock: deps.clock,
    limits: deps.limits,
    negotiation: [new StartTlsFeature(requireTls), new SaslFeature({ domain, authenticator, requireTls, allowPlainWithoutTls })],
    boundFeatures: [bind, legacySession],
    onIqBeforeBind: (iq, session) => bind.onIqBeforeBind(iq, session),
    stanzas: new Map([
      ['iq', (iq, session) => router.route(iq, session)],
      ['presence', presence.onPresence],
      ['message', messages.onMessage],
    ]),
    ended: (session, wasBound) => {
      if (wasBound) {
        presence.sessionEnded(session);
        registry.unbind(session);
      }
      deps.ended(session);
    },
  };
}
