/** The last timestamp written and its text: a change is written twice (User and Team notifications) with one time. */
let lastMs = Number.NaN;
let lastText = '';

/** Finesse timestamps: UTC `YYYY-MM-DDThh:mm:ss.SSSZ`; empty when unknown. */
export function finesseTime(epochMs: number | null): string {
  if (epochMs === null) return '';
  if (epochMs !== lastMs) {
    lastText = new Date(epochMs).toISOString();
    lastMs = epochMs;
  }
  return lastText;
}
