import type { Element } from '../xml/element.js';
import { attributes, escapeText } from '../xml/escape.js';
import { NS } from './namespaces.js';

/** The replies every module writes: IQ results, stanza errors (RFC 6120 §8.3) and stream errors (§4.9). */

export type StanzaErrorType = 'cancel' | 'modify' | 'auth' | 'wait';

const ERROR_TYPES: Record<string, StanzaErrorType> = {
  'bad-request': 'modify',
  'feature-not-implemented': 'cancel',
  forbidden: 'auth',
  'item-not-found': 'cancel',
  'not-allowed': 'cancel',
  'not-authorized': 'auth',
  'service-unavailable': 'cancel',
  'unexpected-request': 'wait',
  'policy-violation': 'modify',
  conflict: 'cancel',
  'jid-malformed': 'modify',
  'internal-server-error': 'cancel',
};

/**
 * An error reply to `stanza`, addressed back to its sender. `extra` is an application-specific
 * condition element (pubsub#errors) placed after the defined condition.
 */
export function errorReply(stanza: Element, from: string | undefined, to: string, condition: string, extra = ''): string {
  const type = ERROR_TYPES[condition] ?? 'cancel';
  const name = stanza.localName;
  return (
    `<${name}${attributes({ type: 'error', id: stanza.attr('id'), from, to })}>` +
    `<error type='${type}'><${condition} xmlns='${NS.stanzas}'/>${extra}</error></${name}>`
  );
}

export function streamError(condition: string, text?: string): string {
  const body = text ? `<text xmlns='${NS.streams}'>${escapeText(text)}</text>` : '';
  return `<stream:error xmlns:stream='${NS.stream}'><${condition} xmlns='${NS.streams}'/>${body}</stream:error>`;
}

/** `<iq type='result'>` answering `id`, with the payload (none when empty). */
export function resultIq(id: string, from: string | undefined, to: string, payload: string): string {
  const head = `<iq type='result'${attributes({ id, from, to })}`;
  return payload ? `${head}>${payload}</iq>` : `${head}/>`;
}
