import type { Element } from '../xml/element.js';
import { bareJid, parseJid } from './jid.js';
import { errorReply, resultIq } from './replies.js';
import type { SessionHandle } from './session-api.js';

/** A handler's answer: the result payload ('' for an empty result) or an error condition. */
export type IqOutcome = { payload: string; after?: Promise<void> } | { error: string; extra?: string };

/** Answers one IQ request (`get` or `set`); `payload` is its first child element. */
export type IqHandler<S extends SessionHandle = SessionHandle> = (iq: Element, payload: Element, session: S) => IqOutcome;

/**
 * Who an IQ is addressed to: the server itself (`to` its domain), the sender's own account (no `to`, or
 * its bare JID), or a component with a JID of its own (`pubsub.<domain>`).
 */
export type IqTarget = 'server' | 'account' | { component: string };

export interface ComponentOptions {
  /** The error for a request without a payload element; default `service-unavailable`. */
  missingPayload?: string;
}

export const ANY_ELEMENT = '*';

/** An IQ's type when it is a request to answer; answers a malformed one with bad-request itself. */
export function iqRequestType(iq: Element, session: SessionHandle, domain: string): 'get' | 'set' | null {
  const type = iq.attr('type');
  if (iq.attr('id') === undefined || (type !== 'get' && type !== 'set' && type !== 'result' && type !== 'error')) {
    session.send(errorReply(iq, undefined, session.fullJid || session.bareJid || domain, 'bad-request'));
    return null;
  }
  return type === 'get' || type === 'set' ? type : null; // results and errors: answers to our pings, or stray
}

/**
 * Routes the IQs of bound sessions by (addressee, payload namespace, payload element) to the handlers
 * modules registered, as Prosody's `iq-get/host/xmlns:name` events do, and writes the reply. A request
 * nobody registered for gets service-unavailable.
 */
export class IqRouter<S extends SessionHandle = SessionHandle> {
  private readonly tables = new Map<string, Map<string, IqHandler<S>>>();
  private readonly anywhere = new Map<string, IqHandler<S>>();
  private readonly components = new Map<string, ComponentOptions>();

  constructor(private readonly domain: string) {}

  /** Handles (namespace, element) requests addressed to `target`; element `*` matches any element. */
  register(target: IqTarget, namespace: string, element: string, handler: IqHandler<S>): void {
    const key = typeof target === 'string' ? target : target.component;
    if (typeof target !== 'string' && !this.components.has(key)) throw new Error(`no component ${key}`);
    let table = this.tables.get(key);
    if (!table) this.tables.set(key, (table = new Map()));
    table.set(`${namespace} ${element}`, handler);
  }

  /** Handles (namespace, element) requests whatever their address, before any address is looked at. */
  registerAnywhere(namespace: string, element: string, handler: IqHandler<S>): void {
    this.anywhere.set(`${namespace} ${element}`, handler);
  }

  /** Gives a component its own JID; its replies come from that JID. */
  addComponent(jid: string, options: ComponentOptions = {}): IqTarget {
    this.components.set(jid, options);
    return { component: jid };
  }

  route(iq: Element, session: S): void {
    if (iqRequestType(iq, session, this.domain) === null) return;
    const payload: Element | undefined = iq.children[0];
    const ns = payload?.attr('xmlns') ?? '';
    const early = payload && this.anywhere.get(`${ns} ${payload.localName}`);
    if (early) return this.reply(iq, payload, session, early, undefined);
    const to = iq.attr('to');
    const target = to === undefined ? null : parseJid(to);
    if (to !== undefined && target === null) return session.send(errorReply(iq, undefined, session.fullJid, 'jid-malformed'));
    let key: string;
    let from = to;
    if (target === null) key = 'account';
    else if (target.local === '' && target.resource === '' && target.domain === this.domain) key = 'server';
    else if (target.local === '' && target.resource === '' && this.components.has(target.domain)) from = key = target.domain;
    else if (target.resource === '' && bareJid(target) === session.bareJid) key = 'account';
    else return session.send(errorReply(iq, to, session.fullJid, 'service-unavailable'));
    if (!payload) return session.send(errorReply(iq, from, session.fullJid, this.components.get(key)?.missingPayload ?? 'service-unavailable'));
    const table = this.tables.get(key);
    const handler = table?.get(`${ns} ${payload.localName}`) ?? table?.get(`${ns} ${ANY_ELEMENT}`);
    if (!handler) return session.send(errorReply(iq, from, session.fullJid, 'service-unavailable'));
    this.reply(iq, payload, session, handler, from);
  }

  private reply(iq: Element, payload: Element, session: S, handler: IqHandler<S>, from: string | undefined): void {
    const outcome = handler(iq, payload, session);
    if (!('payload' in outcome)) return session.send(errorReply(iq, from, session.fullJid, outcome.error, outcome.extra));
    const result = resultIq(iq.attr('id')!, from, session.fullJid, outcome.payload);
    if (!outcome.after) return session.send(result);
    // The change the request made must be durable before it is acknowledged.
    outcome.after.then(
      () => session.send(result),
      () => session.send(errorReply(iq, from, session.fullJid, 'internal-server-error')),
    );
  }
}
