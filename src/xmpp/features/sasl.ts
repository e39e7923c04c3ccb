import type { Element } from '../../xml/element.js';
import { escapeText } from '../../xml/escape.js';
import { accountJid } from '../jid.js';
import { NS } from '../namespaces.js';
import type { SaslAuthenticator } from '../sasl/authenticator.js';
import type { SaslExchange, SaslStep } from '../sasl/mechanism.js';
import { PlainExchange } from '../sasl/plain.js';
import { ScramExchange } from '../sasl/scram.js';
import type { SessionHandle, StreamFeature } from '../session-api.js';

export interface SaslOptions {
  domain: string;
  authenticator: SaslAuthenticator;
  /** Refuse authentication on TCP before STARTTLS. */
  requireTls: boolean;
  /** Offer PLAIN on unencrypted streams too. */
  allowPlainWithoutTls: boolean;
  /** Failed attempts after which the stream ends; default 3. */
  maxFailures?: number;
}

interface Negotiation {
  exchange: SaslExchange | null;
  failures: number;
}

/**
 * SASL (RFC 6120 §6) with SCRAM-SHA-256, SCRAM-SHA-1 and PLAIN. Without an initial response the client
 * gets an empty challenge first, whatever the mechanism. The state of a negotiation in progress is kept
 * here, per session, and forgotten on success.
 */
export class SaslFeature implements StreamFeature {
  private readonly negotiations = new WeakMap<SessionHandle, Negotiation>();
  private readonly maxFailures: number;

  constructor(private readonly options: SaslOptions) {
    this.maxFailures = options.maxFailures ?? 3;
  }

  offer(session: SessionHandle): string {
    if (this.tlsRequiredFor(session)) return '';
    const plain = this.plainAllowed(session) ? '<mechanism>PLAIN</mechanism>' : '';
    return `<mechanisms xmlns='${NS.sasl}'><mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism>${plain}</mechanisms>`;
  }

  negotiate(element: Element, session: SessionHandle): boolean {
    if (element.attr('xmlns') !== NS.sasl) return false;
    if (this.tlsRequiredFor(session)) {
      session.send(`<failure xmlns='${NS.sasl}'><encryption-required/></failure>`);
      session.close('policy-violation', 'STARTTLS is required');
      return true;
    }
    const state = this.stateOf(session);
    switch (element.localName) {
      case 'auth': {
        const exchange = this.createExchange(element.attr('mechanism') ?? '', session);
        if (!exchange) return this.fail(session, state, 'invalid-mechanism');
        state.exchange = exchange;
        const text = element.text.trim();
        const initial = text === '' ? null : text === '=' ? Buffer.alloc(0) : decodeBase64(text);
        if (initial === undefined) return this.fail(session, state, 'incorrect-encoding');
        return this.step(session, state, initial === null ? { kind: 'challenge', data: Buffer.alloc(0) } : exchange.respond(initial));
      }
      case 'response': {
        if (!state.exchange) return this.fail(session, state, 'malformed-request');
        const text = element.text.trim();
        const data = text === '' || text === '=' ? Buffer.alloc(0) : decodeBase64(text);
        if (data === undefined) return this.fail(session, state, 'incorrect-encoding');
        return this.step(session, state, state.exchange.respond(data));
      }
      case 'abort':
        return this.fail(session, state, 'aborted');
      default:
        session.close('not-authorized', 'authenticate first');
        return true;
    }
  }

  private stateOf(session: SessionHandle): Negotiation {
    let state = this.negotiations.get(session);
    if (!state) this.negotiations.set(session, (state = { exchange: null, failures: 0 }));
    return state;
  }

  private tlsRequiredFor(session: SessionHandle): boolean {
    return this.options.requireTls && session.transport.kind === 'tcp' && !session.transport.secure;
  }

  private plainAllowed(session: SessionHandle): boolean {
    return session.transport.secure || this.options.allowPlainWithoutTls;
  }

  private createExchange(mechanism: string, session: SessionHandle): SaslExchange | null {
    const { authenticator, domain } = this.options;
    if (mechanism === 'SCRAM-SHA-256' || mechanism === 'SCRAM-SHA-1') return new ScramExchange(mechanism, authenticator, domain);
    if (mechanism === 'PLAIN' && this.plainAllowed(session)) return new PlainExchange(authenticator, domain);
    return null;
  }

  private step(session: SessionHandle, state: Negotiation, step: SaslStep): true {
    if (step.kind === 'challenge') {
      session.send(`<challenge xmlns='${NS.sasl}'>${step.data.length ? step.data.toString('base64') : '='}</challenge>`);
      return true;
    }
    if (step.kind === 'failure') return this.fail(session, state, step.condition, step.text);
    this.negotiations.delete(session);
    session.authenticated(step.user, accountJid(step.user.loginId, this.options.domain));
    session.send(`<success xmlns='${NS.sasl}'>${step.data ? step.data.toString('base64') : ''}</success>`);
    return true;
  }

  private fail(session: SessionHandle, state: Negotiation, condition: string, text?: string): true {
    state.exchange = null;
    const textXml = text ? `<text>${escapeText(text)}</text>` : '';
    session.send(`<failure xmlns='${NS.sasl}'><${condition}/>${textXml}</failure>`);
    if (++state.failures >= this.maxFailures) session.close('policy-violation', 'too many failed authentication attempts');
    return true;
  }
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, 'base64');
}
