const STATE_LABELS: Record<string, string> = {
  LOGOUT: 'Signed out',
  NOT_READY: 'Not Ready',
  READY: 'Ready',
  RESERVED: 'Reserved',
  RESERVED_OUTBOUND: 'Reserved (outbound)',
  RESERVED_OUTBOUND_PREVIEW: 'Reserved (preview)',
  TALKING: 'Talking',
  HOLD: 'Hold',
  WORK: 'Wrap-up',
  WORK_READY: 'Wrap-up (Ready)',
  UNKNOWN: 'Unknown',
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

/** The words Finesse shows for a participant state (reference §7.3). */
const PARTICIPANT_LABELS: Record<string, string> = {
  INITIATING: 'Off hook',
  INITIATED: 'Dialing',
  ALERTING: 'Ringing',
  ACTIVE: 'Active',
  HELD: 'On hold',
  FAILED: 'Failed',
  WRAP_UP: 'Wrap-up',
  DROPPED: 'Ended',
  ACCEPTED: 'Accepted',
};

export function participantLabel(state: string): string {
  return PARTICIPANT_LABELS[state] ?? state;
}

const ACTION_LABELS: Record<string, string> = {
  ANSWER: 'Answer',
  HOLD: 'Hold',
  RETRIEVE: 'Retrieve',
  DROP: 'Drop',
  CONSULT_CALL: 'Consult',
  TRANSFER: 'Transfer',
  CONFERENCE: 'Conference',
  TRANSFER_SST: 'Direct transfer',
  START_RECORDING: 'Record',
  ACCEPT: 'Accept',
  CLOSE: 'Close',
  REJECT: 'Reject',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replace(/_/g, ' ').toLowerCase();
}

export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Time since `since` on the server's clock. */
export function elapsed(since: number | null, now: number, clockSkew: number): string {
  if (since === null) return '—';
  return duration(now + clockSkew - since);
}

export function clock(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function reasonText(id: string, label: string | undefined): string {
  if (label) return label;
  if (id === '999') return 'Supervisor Initiated';
  if (id === '255') return 'Connection Failure';
  if (id === '32767') return 'Call Not Answered';
  if (id === '50006') return 'Off Hook From Ready';
  return '';
}
