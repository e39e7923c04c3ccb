import { children, text } from '../../finesse/xml';
import { type AdminApi, itemId, tag } from './admin-api';

export type ReasonCategory = 'NOT_READY' | 'LOGOUT';

export interface AdminReasonCode {
  id: string;
  category: ReasonCategory;
  code: string;
  label: string;
  forAll: boolean;
  systemCode: boolean;
}

export interface ReasonCodeFields {
  category: ReasonCategory;
  code: string;
  label: string;
  forAll: boolean;
}

/** `GET /ReasonCodes?category=ALL`: every code of both categories, the read-only system codes too. */
export async function listReasonCodes(api: AdminApi): Promise<AdminReasonCode[]> {
  return children(await api.getXml('/ReasonCodes?category=ALL'), 'ReasonCode').map((rc) => ({
    id: itemId(rc),
    category: text(rc, 'category') as ReasonCategory,
    code: text(rc, 'code'),
    label: text(rc, 'label'),
    forAll: text(rc, 'forAll') === 'true',
    systemCode: text(rc, 'systemCode') === 'true',
  }));
}

/** `POST /ReasonCode`; the new code's id. */
export function createReasonCode(api: AdminApi, f: ReasonCodeFields): Promise<string> {
  return api.create(
    '/ReasonCode',
    `<ReasonCode>${tag('category', f.category)}${tag('code', f.code)}${tag('label', f.label)}${tag('forAll', f.forAll)}</ReasonCode>`,
  );
}

/** `PUT /ReasonCode/{id}` with the fields that can change (the category cannot). */
export function updateReasonCode(api: AdminApi, id: string, f: Omit<ReasonCodeFields, 'category'>): Promise<void> {
  return api.put(`/ReasonCode/${encodeURIComponent(id)}`, `<ReasonCode>${tag('code', f.code)}${tag('label', f.label)}${tag('forAll', f.forAll)}</ReasonCode>`);
}

export function deleteReasonCode(api: AdminApi, id: string): Promise<void> {
  return api.remove(`/ReasonCode/${encodeURIComponent(id)}`);
}
