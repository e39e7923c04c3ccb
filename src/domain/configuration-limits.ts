/**
 * The limits of the configuration APIs (admin reference §3.1, §4 and §15.8), in one place. Counts are
 * per kind of item: global (`forAll`) items and team items are counted apart, each against its own limit.
 */

/** The contact-center platform this server presents itself as (SystemInfo `deploymentType`). */
export type DeploymentType = 'UCCE' | 'UCCX';
export const DEPLOYMENT_TYPE: DeploymentType = 'UCCE';

/** Reason code values: CCE 1–65535, CCX 1–999. */
export const REASON_CODE_VALUES: Readonly<Record<DeploymentType, { min: number; max: number }>> = {
  UCCE: { min: 1, max: 65535 },
  UCCX: { min: 1, max: 999 },
};

export interface CountLimits {
  /** Items for every team (`forAll=true`). */
  global: number;
  /** Items that must be assigned to teams (`forAll=false`). */
  team: number;
}

/** Per category (Not Ready and Sign Out alike): 100 global + 100 team. */
export const REASON_CODES_PER_CATEGORY: CountLimits = { global: 100, team: 100 };
/** Characters (code points), any characters. */
export const REASON_CODE_LABEL_MAX_CHARACTERS = 40;

/** 100 global + 100 team (the 10.x figure; 12.x is not documented). */
export const WRAP_UP_REASONS: CountLimits = { global: 100, team: 100 };
/** UTF-8 bytes: 39 US-English characters, fewer when some take more than one byte. */
export const WRAP_UP_LABEL_MAX_BYTES = 39;

/** The limit for an item of this kind, and what to call it in an error message. */
export function countLimit(limits: CountLimits, forAll: boolean): { max: number; kind: string } {
  return forAll ? { max: limits.global, kind: 'global' } : { max: limits.team, kind: 'team' };
}

/** Phone books (admin reference §6.1, §15.8): 10 GLOBAL + 300 TEAM. */
export const PHONE_BOOKS: CountLimits = { global: 10, team: 300 };
/** Characters (code points). */
export const PHONE_BOOK_NAME_MAX_CHARACTERS = 64;

/** Contacts: 6000 per phone book, 50 000 in the whole system. */
export const CONTACT_LIMITS = { perPhoneBook: 6000, system: 50_000 } as const;
/** First name, last name and description (the console's "Notes"): at most 128 characters each. */
export const CONTACT_TEXT_MAX_CHARACTERS = 128;
/** The phone number: 1–32 characters. */
export const CONTACT_PHONE_NUMBER_MAX_CHARACTERS = 32;

/** Workflow actions (admin reference §7, §15.8): 100 in the system; name ≤ 64 characters; ≤ 5 variables of ≤ 32 characters. */
export const WORKFLOW_ACTION_LIMITS = { system: 100, nameMaxCharacters: 64, variables: 5, variableNameMaxCharacters: 32 } as const;

/**
 * Workflows (admin reference §8, §15.8): 100 in the system, 20 per team; name ≤ 40 characters,
 * description ≤ 128; 5 conditions, 5 trigger filters and 5 actions each.
 */
export const WORKFLOW_LIMITS = {
  system: 100,
  perTeam: 20,
  nameMaxCharacters: 40,
  descriptionMaxCharacters: 128,
  conditions: 5,
  triggers: 5,
  actions: 5,
} as const;
/** Call-variables layouts (admin reference §5.1, §15.8); lengths in characters (code points). */
export const MEDIA_PROPERTIES_LAYOUT_LIMITS = {
  nameMaxCharacters: 40,
  descriptionMaxCharacters: 128,
  headerEntries: 1,
  columns: 2,
  entriesPerColumn: 10,
  displayNameMaxCharacters: 50,
} as const;

/** The desktop layout XML (`LayoutConfig`): at most 32 KiB of UTF-8, within the 64 KiB request-body limit once escaped. */
export const DESKTOP_LAYOUT_MAX_BYTES = 32 * 1024;
