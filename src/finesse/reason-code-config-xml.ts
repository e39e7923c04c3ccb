import type { ReasonCode } from '../domain/model.js';
import { reasonCodeUri } from './uris.js';
import { element } from './xml-escape.js';

/**
 * The ReasonCode object of the configuration API, in the element order of a real 12.5 admin list
 * (admin reference §3.2: uri, id, category, code, label, forAll, systemCode). The agent-facing lists keep
 * their own encoder (user-xml.ts), which their clients already read.
 */
export function adminReasonCodeXml(rc: ReasonCode): string {
  return (
    '<ReasonCode>' +
    element('uri', reasonCodeUri(rc.id)) +
    element('id', rc.id) +
    element('category', rc.category) +
    element('code', rc.code) +
    element('label', rc.label) +
    element('forAll', String(rc.forAll)) +
    element('systemCode', String(rc.systemCode)) +
    '</ReasonCode>'
  );
}

/** `<ReasonCodes category="…">` of `GET /ReasonCodes`; a team's list (`GET /Team/{id}/ReasonCodes`) has no attribute. */
export function adminReasonCodesXml(codes: readonly ReasonCode[], category?: string): string {
  const attribute = category === undefined ? '' : ` category="${category}"`;
  return `<ReasonCodes${attribute}>${codes.map(adminReasonCodeXml).join('')}</ReasonCodes>`;
}
