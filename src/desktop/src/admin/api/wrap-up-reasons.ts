import { children, text } from '../../finesse/xml';
import { type AdminApi, itemId, tag } from './admin-api';

export interface AdminWrapUpReason {
  id: string;
  label: string;
  forAll: boolean;
}

export async function listWrapUpReasons(api: AdminApi): Promise<AdminWrapUpReason[]> {
  return children(await api.getXml('/WrapUpReasons'), 'WrapUpReason').map((w) => ({
    id: itemId(w),
    label: text(w, 'label'),
    forAll: text(w, 'forAll') === 'true',
  }));
}

export function createWrapUpReason(api: AdminApi, f: Omit<AdminWrapUpReason, 'id'>): Promise<string> {
  return api.create('/WrapUpReason', `<WrapUpReason>${tag('label', f.label)}${tag('forAll', f.forAll)}</WrapUpReason>`);
}

export function updateWrapUpReason(api: AdminApi, id: string, f: Omit<AdminWrapUpReason, 'id'>): Promise<void> {
  return api.put(`/WrapUpReason/${encodeURIComponent(id)}`, `<WrapUpReason>${tag('label', f.label)}${tag('forAll', f.forAll)}</WrapUpReason>`);
}

export function deleteWrapUpReason(api: AdminApi, id: string): Promise<void> {
  return api.remove(`/WrapUpReason/${encodeURIComponent(id)}`);
}
