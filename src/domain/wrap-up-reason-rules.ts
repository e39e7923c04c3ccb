import { WRAP_UP_LABEL_MAX_BYTES, WRAP_UP_REASONS, countLimit } from './configuration-limits.js';
import { DomainError } from './errors.js';
import type { WrapUpReason } from './model.js';

/** A new wrap-up reason as the administrator describes it (both fields are required on create). */
export interface WrapUpReasonDraft {
  label: string;
  forAll: boolean;
}

/** A partial update: the fields present change, the others stay. */
export interface WrapUpReasonPatch {
  label?: string;
  forAll?: boolean;
}

/**
 * The rules of the WrapUpReason configuration API (admin reference §4, §15.1): the label (≤ 39 UTF-8
 * bytes, 400 Bad Request), unique among all wrap-up reasons (400 Finesse API Error; it is what agents
 * write into the call, so two reasons with one label could not be told apart), then the count limits
 * (400 Maximum Exceeded).
 */
export function newWrapUpReason(configured: readonly WrapUpReason[], id: string, draft: WrapUpReasonDraft, limits = WRAP_UP_REASONS): WrapUpReason {
  checkLabel(draft.label);
  const created: WrapUpReason = { id, ...draft, teamIds: [] };
  checkUnique(configured, created);
  checkCount(configured, created, limits);
  return created;
}

/** `current` with `patch` applied; changing `forAll` drops the team assignments, as for reason codes. */
export function changedWrapUpReason(
  configured: readonly WrapUpReason[],
  current: WrapUpReason,
  patch: WrapUpReasonPatch,
  limits = WRAP_UP_REASONS,
): WrapUpReason {
  if (patch.label !== undefined) checkLabel(patch.label);
  const forAll = patch.forAll ?? current.forAll;
  const changed: WrapUpReason = { ...current, label: patch.label ?? current.label, forAll, teamIds: forAll === current.forAll ? current.teamIds : [] };
  checkUnique(configured, changed);
  if (forAll !== current.forAll) checkCount(configured, changed, limits);
  return changed;
}

function checkLabel(label: string): void {
  if (label === '') throw new DomainError('BadRequest', 'The label must not be empty', 'label');
  if (new TextEncoder().encode(label).length > WRAP_UP_LABEL_MAX_BYTES) {
    throw new DomainError('BadRequest', `The label must be at most ${WRAP_UP_LABEL_MAX_BYTES} bytes (UTF-8)`, label);
  }
}

function checkUnique(configured: readonly WrapUpReason[], candidate: WrapUpReason): void {
  if (configured.some((w) => w.id !== candidate.id && w.label === candidate.label)) {
    throw new DomainError('ConfigurationRefused', `A wrap-up reason with the label "${candidate.label}" already exists`, candidate.label);
  }
}

function checkCount(configured: readonly WrapUpReason[], candidate: WrapUpReason, limits = WRAP_UP_REASONS): void {
  const { max, kind } = countLimit(limits, candidate.forAll);
  if (configured.filter((w) => w.forAll === candidate.forAll && w.id !== candidate.id).length >= max) {
    throw new DomainError('MaximumExceeded', `At most ${max} ${kind} wrap-up reasons may be configured`, String(max));
  }
}
