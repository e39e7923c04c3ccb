import { CALL_VARIABLE_NAMES } from './call-variables.js';
import { MEDIA_PROPERTIES_LAYOUT_LIMITS } from './configuration-limits.js';
import { DomainError } from './errors.js';
import type { LayoutEntry, MediaPropertiesLayout } from './media-properties-layout.js';

/** A new CUSTOM layout as the administrator describes it. */
export interface MediaPropertiesLayoutDraft {
  name: string;
  description: string;
  header: readonly LayoutEntry[];
  columns: readonly (readonly LayoutEntry[])[];
}

/** A partial update: the fields present change, the others stay (columns are replaced as a whole). */
export type MediaPropertiesLayoutPatch = Partial<MediaPropertiesLayoutDraft>;

/** Outbound (BA*) fields and the dialog fields the desktop shows (main reference §8.4). */
const NAMED_PROPERTIES = new Set([
  'BACampaign',
  'BAAccountNumber',
  'BAResponse',
  'BAStatus',
  'BADialedListID',
  'BATimeZone',
  'BABuddyName',
  'BACustomerNumber',
  'DNIS',
  'dialedNumber',
  'callType',
  'queueName',
  'queueNumber',
  'wrapUpReason',
  'fromAddress',
  'toAddress',
]);
const ECC_VARIABLE = /^user\.[A-Za-z0-9_.]{1,32}$/;

const length = (text: string): number => [...text].length;
const limits = MEDIA_PROPERTIES_LAYOUT_LIMITS;

/**
 * The rules of the MediaPropertiesLayout configuration API (admin reference §5, §15.1): the fields
 * (400 Bad Request), then the name unique among all layouts, DEFAULT's included (400 Finesse API Error).
 */
export function newLayout(all: readonly MediaPropertiesLayout[], id: string, draft: MediaPropertiesLayoutDraft): MediaPropertiesLayout {
  const created: MediaPropertiesLayout = { id, type: 'CUSTOM', teamIds: [], ...draft };
  checkLayout(created);
  checkUnique(all, created);
  return created;
}

/** `current` with `patch` applied and checked; its id, type and teams stay. */
export function changedLayout(all: readonly MediaPropertiesLayout[], current: MediaPropertiesLayout, patch: MediaPropertiesLayoutPatch): MediaPropertiesLayout {
  const changed: MediaPropertiesLayout = { ...current, ...patch };
  checkLayout(changed);
  checkUnique(all, changed);
  return changed;
}

function checkLayout(layout: MediaPropertiesLayout): void {
  if (layout.name === '') throw new DomainError('BadRequest', 'The name must not be empty', 'name');
  if (length(layout.name) > limits.nameMaxCharacters) {
    throw new DomainError('BadRequest', `The name must be at most ${limits.nameMaxCharacters} characters`, layout.name);
  }
  if (length(layout.description) > limits.descriptionMaxCharacters) {
    throw new DomainError('BadRequest', `The description must be at most ${limits.descriptionMaxCharacters} characters`, 'description');
  }
  if (layout.header.length !== limits.headerEntries) {
    throw new DomainError('BadRequest', `The header must have exactly ${limits.headerEntries} entry`, 'header');
  }
  if (layout.columns.length > limits.columns) throw new DomainError('BadRequest', `A layout has at most ${limits.columns} columns`, 'column');
  for (const column of layout.columns) {
    if (column.length > limits.entriesPerColumn) {
      throw new DomainError('BadRequest', `A column has at most ${limits.entriesPerColumn} entries`, 'column');
    }
  }
  for (const entry of [...layout.header, ...layout.columns.flat()]) checkEntry(entry);
}

function checkEntry(entry: LayoutEntry): void {
  const { mediaProperty, displayName } = entry;
  if (mediaProperty === '') throw new DomainError('BadRequest', 'Each entry needs a mediaProperty', 'mediaProperty');
  if (!CALL_VARIABLE_NAMES.includes(mediaProperty) && !ECC_VARIABLE.test(mediaProperty) && !NAMED_PROPERTIES.has(mediaProperty)) {
    throw new DomainError('BadRequest', 'Unknown mediaProperty: callVariable1–10, user.<ECC variable>, BA* or a dialog field', mediaProperty);
  }
  if (length(displayName) > limits.displayNameMaxCharacters) {
    throw new DomainError('BadRequest', `The displayName must be at most ${limits.displayNameMaxCharacters} characters`, displayName);
  }
}

function checkUnique(all: readonly MediaPropertiesLayout[], candidate: MediaPropertiesLayout): void {
  if (all.some((l) => l.id !== candidate.id && l.name === candidate.name)) {
    throw new DomainError('ConfigurationRefused', `A layout named "${candidate.name}" already exists`, candidate.name);
  }
}
