// Placeholder for merge: the finesse-rest branch provides the real finesse.utilities.Utilities.
export function createUtilities() {
  return {
    xml2js: (_xmlText: string): Record<string, unknown> | null => null,
  };
}
