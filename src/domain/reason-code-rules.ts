import type { CountLimits } from './configuration-limits.js';
import { DEPLOYMENT_TYPE, REASON_CODES_PER_CATEGORY, REASON_CODE_LABEL_MAX_CHARACTERS, REASON_CODE_VALUES, countLimit } from './configuration-limits.js';
import { DomainError } from './errors.js';
import type { ReasonCategory, ReasonCode } from './model.js';
import { SYSTEM_REASON_CODES } from './system-reason-codes.js';

/** A new reason code as the administrator describes it (all four fields are required on create). */
export interface ReasonCodeDraft {
  category: ReasonCategory;
  code: number;
  label: string;
  forAll: boolean;
}

/** A partial update: the fields present change, the others stay. */
export interface ReasonCodePatch {
  code?: number;
  label?: string;
  forAll?: boolean;
}

/**
 * The rules of the ReasonCode configuration API (admin reference §3.1, §15.1), checked against the
 * configured codes in this order: field values (400 Bad Request), uniqueness (400 Finesse API Error),
 * count limits (400 Maximum Exceeded). Each returns the code as it will be stored, or throws.
 */
export function newReasonCode(configured: readonly ReasonCode[], id: string, draft: ReasonCodeDraft, limits = REASON_CODES_PER_CATEGORY): ReasonCode {
  checkCodeValue(draft.code);
  checkLabel(draft.label);
  const created: ReasonCode = { id, ...draft, systemCode: false, teamIds: [] };
  checkUnique(configured, created);
  checkCount(configured, created, limits);
  return created;
}

/**
 * `current` with `patch` applied. Changing `forAll` drops the team assignments: a code made global needs
 * none, and a code made team-only is assigned to no team until a team assignment names it.
 */
export function changedReasonCode(
  configured: readonly ReasonCode[],
  current: ReasonCode,
  patch: ReasonCodePatch,
  limits = REASON_CODES_PER_CATEGORY,
): ReasonCode {
  checkEditable(current);
  if (patch.code !== undefined) checkCodeValue(patch.code);
  if (patch.label !== undefined) checkLabel(patch.label);
  const forAll = patch.forAll ?? current.forAll;
  const changed: ReasonCode = {
    ...current,
    code: patch.code ?? current.code,
    label: patch.label ?? current.label,
    forAll,
    teamIds: forAll === current.forAll ? current.teamIds : [],
  };
  checkUnique(configured, changed);
  if (forAll !== current.forAll) checkCount(configured, changed, limits);
  return changed;
}

/** System codes (supervisor initiated, connection failure, …) are the platform's: never changed or deleted. */
export function checkEditable(code: ReasonCode): void {
  if (code.systemCode) throw new DomainError('ConfigurationRefused', 'A system reason code cannot be changed or deleted', code.id);
}

function checkCodeValue(code: number): void {
  const { min, max } = REASON_CODE_VALUES[DEPLOYMENT_TYPE];
  if (!Number.isInteger(code) || code < min || code > max) {
    throw new DomainError('BadRequest', `The reason code value must be a whole number from ${min} to ${max}`, String(code));
  }
}

function checkLabel(label: string): void {
  if (label === '') throw new DomainError('BadRequest', 'The label must not be empty', 'label');
  if ([...label].length > REASON_CODE_LABEL_MAX_CHARACTERS) {
    throw new DomainError('BadRequest', `The label must be at most ${REASON_CODE_LABEL_MAX_CHARACTERS} characters`, label);
  }
}

/**
 * The code value is unique within its category, system codes included (the platform reports by value).
 * The label is unique within its category too, except that two team codes may share one (the 12.5
 * console allows it: teams that never see each other's codes).
 */
function checkUnique(configured: readonly ReasonCode[], candidate: ReasonCode): void {
  const others = [...configured, ...SYSTEM_REASON_CODES].filter((rc) => rc.category === candidate.category && !(rc.id === candidate.id && !rc.systemCode));
  if (others.some((rc) => rc.code === candidate.code)) {
    throw new DomainError('ConfigurationRefused', `A ${candidate.category} reason code with the code ${candidate.code} already exists`, String(candidate.code));
  }
  const sameLabel = others.filter((rc) => !rc.systemCode && rc.label === candidate.label);
  if (sameLabel.some((rc) => rc.forAll || candidate.forAll)) {
    throw new DomainError('ConfigurationRefused', `A ${candidate.category} reason code with the label "${candidate.label}" already exists`, candidate.label);
  }
}

function checkCount(configured: readonly ReasonCode[], candidate: ReasonCode, limits: CountLimits): void {
  const { max, kind } = countLimit(limits, candidate.forAll);
  const count = configured.filter((rc) => rc.category === candidate.category && rc.forAll === candidate.forAll && rc.id !== candidate.id).length;
  if (count >= max) {
    throw new DomainError('MaximumExceeded', `At most ${max} ${kind} ${candidate.category} reason codes may be configured`, String(max));
  }
}
