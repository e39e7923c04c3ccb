// The event classes ContainerServices.addHandler hands to gadgets (gadget reference §4.3), built from the
// master's hub payloads of §3.2. Every getter tolerates a missing field.

type Fields = Record<string, unknown>;

const fieldsOf = (data: unknown): Fields => (typeof data === 'object' && data !== null ? (data as Fields) : {});
const str = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));

/** A list of `{name, …}` entries (or already a name → entry map) as a map by name. */
function byName<T>(entries: unknown, build: (entry: Fields) => T): Record<string, T> {
  const map: Record<string, T> = {};
  const list = Array.isArray(entries) ? entries : typeof entries === 'object' && entries !== null ? Object.values(entries) : [];
  for (const entry of list) {
    const fields = fieldsOf(entry);
    const name = str(fields.name);
    if (name !== undefined) map[name] = build(fields);
  }
  return map;
}

export class WorkflowActionEvent {
  static readonly HandledBy = Object.freeze({ FINESSE: 'FINESSE', OTHER: 'OTHER' });
  private readonly data: Fields;

  constructor(data: unknown) {
    this.data = fieldsOf(data);
  }

  getName = () => str(this.data.name);
  getType = () => str(this.data.type);
  getHandledBy = () => str(this.data.handledBy);
  getUri = () => str(this.data.uri);

  /** name → `{name, value, expandedValue}`. */
  getParams = () =>
    byName(this.data.params, (p) => ({ name: str(p.name) ?? '', value: str(p.value) ?? '', expandedValue: str(p.expandedValue) ?? str(p.value) ?? '' }));

  /** name → `{name, node, type, testValue, actualValue}`. */
  getActionVariables = () =>
    byName(this.data.actionVariables, (v) => ({
      name: str(v.name) ?? '',
      node: str(v.node) ?? '',
      type: str(v.type) ?? '',
      testValue: str(v.testValue) ?? '',
      actualValue: str(v.actualValue) ?? '',
    }));
}

/** The default tick period of the Finesse container timer. */
const DEFAULT_TICK_MILLIS = 1000;

/**
 * Payload [design; Cisco's field names are not public]: `{dateQueued, tickFrequency}`, dateQueued in
 * milliseconds since the epoch (or an ISO string), tickFrequency in milliseconds.
 */
export class TimerTickEvent {
  private readonly data: Fields;

  constructor(data: unknown) {
    this.data = fieldsOf(data);
  }

  getDateQueued = (): Date => {
    const queued = this.data.dateQueued;
    const date = typeof queued === 'number' || typeof queued === 'string' ? new Date(queued) : new Date(Number.NaN);
    return Number.isNaN(date.getTime()) ? new Date() : date;
  };

  getTimerTickFrequency = (): number => {
    const frequency = Number(this.data.tickFrequency);
    return Number.isFinite(frequency) && frequency > 0 ? frequency : DEFAULT_TICK_MILLIS;
  };
}

const height = (value: unknown): number | undefined => {
  const n = Number(value);
  return value === undefined || value === null || !Number.isFinite(n) ? undefined : n;
};

export class GadgetViewChangedEvent {
  private readonly data: Fields;

  constructor(data: unknown) {
    this.data = fieldsOf(data);
  }

  getGadgetId = () => str(this.data.gadgetId);
  getTabId = () => str(this.data.tabId);
  getMaxAvailableHeight = () => height(this.data.maxAvailableHeight);
  getView = () => str(this.data.view);
}

export class MaxAvailableHeightChangedEvent {
  private readonly data: Fields;

  constructor(data: unknown) {
    this.data = fieldsOf(data);
  }

  getMaxAvailableHeight = () => height(this.data.maxAvailableHeight);
}
