import { DomainError } from '../domain/errors.js';
import type { ReasonCategory, ReasonCode } from '../domain/model.js';
import { REASON_CATEGORIES } from '../domain/model.js';
import type { ReasonCodeDraft, ReasonCodePatch } from '../domain/reason-code-rules.js';
import type { WrapUpReasonDraft, WrapUpReasonPatch } from '../domain/wrap-up-reason-rules.js';
import type { XmlElement } from './xml-reader.js';
import { childText } from './xml-reader.js';

/**
 * The request bodies of the configuration APIs (admin reference §1.3, §3, §4, §9) read into drafts and
 * patches. A field that is missing where it is required, or whose value cannot be read, is 400 Bad
 * Request naming it; a PUT with none of the updatable fields is 400 Invalid Input. Elements the server
 * owns (`uri`, `id`, `systemCode`) and unknown ones are ignored; when a tag appears twice the last wins.
 */

/** `<ReasonCode>` of a create: category, code, label and forAll are all required. */
export function readReasonCodeDraft(body: XmlElement): ReasonCodeDraft {
  return {
    category: readCategory(required(body, 'category')),
    code: readCode(required(body, 'code')),
    label: required(body, 'label'),
    forAll: readBoolean('forAll', required(body, 'forAll')),
  };
}

/** `<ReasonCode>` of an update: any of code, label, forAll; the category may be repeated, not changed. */
export function readReasonCodePatch(body: XmlElement, current: ReasonCode): ReasonCodePatch {
  const category = childText(body, 'category');
  if (category !== undefined && category !== current.category) {
    throw new DomainError('BadRequest', 'The category of a reason code cannot be changed', category);
  }
  const patch: ReasonCodePatch = {};
  const code = childText(body, 'code');
  const label = childText(body, 'label');
  const forAll = childText(body, 'forAll');
  if (code !== undefined) patch.code = readCode(code);
  if (label !== undefined) patch.label = label;
  if (forAll !== undefined) patch.forAll = readBoolean('forAll', forAll);
  if (Object.keys(patch).length === 0) throw noUpdatableField('code, label, forAll');
  return patch;
}

/** `<WrapUpReason>` of a create: label and forAll are required. */
export function readWrapUpReasonDraft(body: XmlElement): WrapUpReasonDraft {
  return { label: required(body, 'label'), forAll: readBoolean('forAll', required(body, 'forAll')) };
}

/** `<WrapUpReason>` of an update: label and/or forAll. */
export function readWrapUpReasonPatch(body: XmlElement): WrapUpReasonPatch {
  const patch: WrapUpReasonPatch = {};
  const label = childText(body, 'label');
  const forAll = childText(body, 'forAll');
  if (label !== undefined) patch.label = label;
  if (forAll !== undefined) patch.forAll = readBoolean('forAll', forAll);
  if (Object.keys(patch).length === 0) throw noUpdatableField('label, forAll');
  return patch;
}

/**
 * The items of a team assignment PUT (`<ReasonCodes><ReasonCode><uri>/finesse/api/ReasonCode/12</uri>
 * </ReasonCode>…</ReasonCodes>`): each item's id from its `uri` (relative or absolute, it must name an
 * item of this kind) or, failing that, its `id`. An empty collection clears the assignment.
 */
export function readAssignedIds(body: XmlElement, item: 'ReasonCode' | 'WrapUpReason' | 'PhoneBook'): string[] {
  const pattern = new RegExp(`(?:^|/)${item}/([^/?#]+)/?$`);
  return body.children
    .filter((c) => c.name === item)
    .map((element) => {
      const uri = childText(element, 'uri');
      if (uri !== undefined && uri !== '') {
        const match = pattern.exec(uri);
        if (!match) throw new DomainError('BadRequest', `The uri does not name a ${item}`, uri);
        return decodeURIComponent(match[1]!);
      }
      const id = childText(element, 'id');
      if (id === undefined || id === '') throw new DomainError('BadRequest', `Each ${item} needs its uri`, 'uri');
      return id;
    });
}

/** `category` of a list: NOT_READY, LOGOUT or ALL; required. */
export function readCategoryFilter(value: string | string[] | undefined): ReasonCategory | 'ALL' {
  const category = lastValue(value);
  return category === 'ALL' ? 'ALL' : readCategoryParameter(category);
}

/** `category` of a team assignment PUT: NOT_READY or LOGOUT; required. */
export function readCategoryParameter(value: string | string[] | undefined): ReasonCategory {
  const category = lastValue(value);
  if (category === '') throw new DomainError('BadRequest', 'The category parameter is required', 'category');
  return readCategory(category);
}

/** A repeated parameter arrives as an array; the last one wins. */
function lastValue(value: string | string[] | undefined): string {
  return [value ?? ''].flat().pop() ?? '';
}

/** A field a create requires: missing or empty is 400 Bad Request naming it. */
export function required(body: XmlElement, name: string): string {
  const value = childText(body, name);
  if (value === undefined || value === '') throw new DomainError('BadRequest', `${name} is required`, name);
  return value;
}

function readCategory(value: string): ReasonCategory {
  if (!(REASON_CATEGORIES as readonly string[]).includes(value)) throw new DomainError('BadRequest', 'The category must be NOT_READY or LOGOUT', value);
  return value as ReasonCategory;
}

/** A whole number (its range is the rules' to check). */
function readCode(value: string): number {
  if (!/^[0-9]{1,15}$/.test(value)) throw new DomainError('BadRequest', 'The reason code value must be a whole number', value);
  return Number(value);
}

/** `true` or `false` in any case; anything else is 400 Bad Request. */
export function readBoolean(name: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw new DomainError('BadRequest', `${name} must be true or false`, value);
  return lower === 'true';
}

/** A PUT with none of the updatable fields: 400 Invalid Input. */
export function noUpdatableField(fields: string): DomainError {
  return new DomainError('InvalidInput', `At least one of the updatable fields (${fields}) is required`, '');
}
