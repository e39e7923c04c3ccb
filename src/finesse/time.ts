/** Finesse timestamps: UTC `YYYY-MM-DDThh:mm:ss.SSSZ`; empty when unknown. */
export function finesseTime(epochMs: number | null): string {
  return epochMs === null ? '' : new Date(epochMs).toISOString();
}
