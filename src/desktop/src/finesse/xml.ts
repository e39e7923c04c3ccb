import type {
  AgentState,
  ApiError,
  CallVariable,
  ClusterNode,
  Dialog,
  LayoutEntry,
  MediaPropertiesLayout,
  Participant,
  QueueStats,
  ReasonCode,
  ReasonCodeRef,
  SystemInfo,
  Team,
  TeamMessage,
  TeamRef,
  Update,
  User,
  WrapUpReason,
} from './model.js';

/** Parses an XML document; throws when it is not well-formed. */
export function parseXml(text: string): Element {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const root = doc.documentElement;
  if (!root || root.getElementsByTagName('parsererror').length > 0 || root.localName === 'parsererror') {
    throw new Error('The server sent XML that could not be parsed');
  }
  return root;
}

export function children(el: Element | null | undefined, name?: string): Element[] {
  if (!el) return [];
  const out: Element[] = [];
  for (let n = el.firstElementChild; n; n = n.nextElementSibling) {
    if (name === undefined || n.localName === name) out.push(n);
  }
  return out;
}

export function child(el: Element | null | undefined, name: string): Element | null {
  if (!el) return null;
  for (let n = el.firstElementChild; n; n = n.nextElementSibling) if (n.localName === name) return n;
  return null;
}

export function text(el: Element | null | undefined, name: string): string {
  return child(el, name)?.textContent?.trim() ?? '';
}

/** The last path segment of a Finesse uri: how finesse.js derives ids. */
export function idFromUri(uri: string): string {
  const parts = uri.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? '';
}

function time(value: string): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

function reasonCodeRef(el: Element | null): ReasonCodeRef | null {
  if (!el) return null;
  const uri = text(el, 'uri');
  return { id: text(el, 'id') || idFromUri(uri), category: text(el, 'category'), code: text(el, 'code'), label: text(el, 'label') };
}

/** A full `<User>` or the summary user of a Team / Team-Users notification. */
export function parseUser(el: Element): User {
  const settings = child(el, 'settings');
  const uri = text(el, 'uri');
  return {
    loginId: text(el, 'loginId') || idFromUri(uri),
    loginName: text(el, 'loginName'),
    firstName: text(el, 'firstName'),
    lastName: text(el, 'lastName'),
    roles: children(child(el, 'roles'), 'role').map((r) => r.textContent?.trim() ?? ''),
    state: (text(el, 'state') || 'UNKNOWN') as AgentState,
    stateChangeTime: time(text(el, 'stateChangeTime')),
    pendingState: text(el, 'pendingState'),
    reasonCodeId: text(el, 'reasonCodeId'),
    reasonCode: reasonCodeRef(child(el, 'ReasonCode') ?? child(el, 'reasonCode')),
    extension: text(el, 'extension'),
    teamId: text(el, 'teamId'),
    teamName: text(el, 'teamName'),
    wrapUpOnIncoming: text(settings, 'wrapUpOnIncoming'),
    wrapUpOnOutgoing: text(settings, 'wrapUpOnOutgoing'),
    teams: children(child(el, 'teams'), 'Team').map((t): TeamRef => ({ id: text(t, 'id') || idFromUri(text(t, 'uri')), name: text(t, 'name') })),
  };
}

export function parseTeam(el: Element): Team {
  return {
    id: text(el, 'id') || idFromUri(text(el, 'uri')),
    name: text(el, 'name'),
    users: children(child(el, 'users'), 'User').map(parseUser),
  };
}

export function parseTeamMessage(el: Element): TeamMessage {
  const by = child(el, 'createdBy');
  const name = `${text(by, 'firstName')} ${text(by, 'lastName')}`.trim();
  return {
    id: text(el, 'id') || idFromUri(text(el, 'uri')),
    content: child(el, 'content')?.textContent ?? '',
    createdAt: Number(text(el, 'createdAt')) * 1000,
    duration: Number(text(el, 'duration')),
    createdBy: name || text(by, 'id'),
    teams: children(child(el, 'teams'), 'team').map((t) => t.textContent?.trim() ?? ''),
  };
}

export function parseTeamMessages(el: Element): TeamMessage[] {
  return children(el, 'TeamMessage').map(parseTeamMessage);
}

export function parseReasonCodes(el: Element): ReasonCode[] {
  return children(el, 'ReasonCode').map((rc) => ({
    id: text(rc, 'id') || idFromUri(text(rc, 'uri')),
    category: text(rc, 'category') as ReasonCode['category'],
    code: text(rc, 'code'),
    label: text(rc, 'label'),
  }));
}

export function parseWrapUpReasons(el: Element): WrapUpReason[] {
  return children(el, 'WrapUpReason').map((w) => ({ id: text(w, 'id') || idFromUri(text(w, 'uri')), label: text(w, 'label') }));
}

export function parseSystemInfo(el: Element, localNow: number): SystemInfo {
  const serverNow = time(text(el, 'currentTimestamp'));
  return {
    xmppDomain: text(el, 'xmppDomain'),
    xmppPubSubDomain: text(el, 'xmppPubSubDomain'),
    status: text(el, 'status'),
    deploymentType: text(el, 'deploymentType'),
    clockSkew: serverNow === null ? 0 : serverNow - localNow,
    nodes: children(child(el, 'openfinesseNodes'), 'node').map(parseClusterNode),
  };
}

function parseClusterNode(el: Element): ClusterNode {
  const port = (name: string): number | null => {
    const value = Number.parseInt(text(el, name), 10);
    return Number.isInteger(value) && value > 0 && value < 65536 ? value : null;
  };
  return {
    nodeId: text(el, 'nodeId'),
    host: text(el, 'host'),
    thisNode: text(el, 'thisNode') === 'true',
    httpPort: port('httpPort'),
    httpsPort: port('httpsPort'),
    boshPort: port('boshPort'),
    boshTlsPort: port('boshTlsPort'),
  };
}

function parseParticipant(el: Element): Participant {
  return {
    mediaAddress: text(el, 'mediaAddress'),
    mediaAddressType: text(el, 'mediaAddressType'),
    state: text(el, 'state'),
    stateCause: text(el, 'stateCause'),
    actions: children(child(el, 'actions'), 'action')
      .map((a) => a.textContent?.trim() ?? '')
      .filter((a) => a !== ''),
    startTime: time(text(el, 'startTime')),
    stateChangeTime: time(text(el, 'stateChangeTime')),
  };
}

export function parseDialog(el: Element): Dialog {
  const media = child(el, 'mediaProperties');
  const properties: Record<string, string> = {};
  for (const p of children(media)) {
    if (p.localName !== 'callvariables' && p.firstElementChild === null) properties[p.localName] = p.textContent?.trim() ?? '';
  }
  const callVariables: CallVariable[] = children(child(media, 'callvariables'), 'CallVariable').map((v) => ({
    name: text(v, 'name'),
    value: text(v, 'value'),
  }));
  const uri = text(el, 'uri');
  return {
    id: text(el, 'id') || idFromUri(uri),
    uri,
    state: text(el, 'state'),
    fromAddress: text(el, 'fromAddress'),
    toAddress: text(el, 'toAddress'),
    associatedDialogUri: text(el, 'associatedDialogUri'),
    callType: properties.callType ?? '',
    properties,
    callVariables,
    participants: children(child(el, 'participants'), 'Participant').map(parseParticipant),
  };
}

export function parseDialogs(el: Element): Dialog[] {
  return children(el, 'Dialog').map(parseDialog);
}

export function parseQueues(el: Element): QueueStats[] {
  return children(el, 'Queue').map(parseQueue);
}

export function parseQueue(el: Element): QueueStats {
  const stats: Record<string, string> = {};
  for (const s of children(child(el, 'statistics'))) stats[s.localName] = s.textContent?.trim() ?? '';
  return { id: text(el, 'id') || idFromUri(text(el, 'uri')), name: text(el, 'name'), stats };
}

export function parseLayout(el: Element): MediaPropertiesLayout {
  const entries = (parent: Element | null): LayoutEntry[] =>
    children(parent, 'entry').map((e) => ({ displayName: text(e, 'displayName'), mediaProperty: text(e, 'mediaProperty') }));
  return { header: entries(child(el, 'header')), columns: children(el, 'column').map(entries) };
}

/** REST `ApiErrors` and notification `apiErrors` alike (the latter uses lower-camel names). */
export function parseApiErrors(el: Element): ApiError[] {
  const items = [...children(el, 'ApiError'), ...children(el, 'apiError')];
  return items.map((e) => ({
    type: text(e, 'ErrorType') || text(e, 'errorType'),
    message: text(e, 'ErrorMessage') || text(e, 'errorMessage'),
    data: text(e, 'ErrorData') || text(e, 'errorData'),
  }));
}

/**
 * Decodes the payload of a pubsub `<notification>`: its text content is the escaped `<Update>` document
 * (reference §9.4). A server that sends the Update inline as XML is tolerated too.
 */
export function parseNotification(node: string, notification: Element): Update | null {
  let update: Element | null = null;
  const inline = notification.firstElementChild;
  if (inline && inline.localName === 'Update') update = inline;
  else {
    const payload = notification.textContent?.trim() ?? '';
    if (payload === '') return null;
    update = parseXml(payload);
  }
  if (update.localName !== 'Update') return null;
  return {
    node,
    event: text(update, 'event').toUpperCase(),
    requestId: text(update, 'requestId'),
    source: text(update, 'source'),
    data: child(update, 'data')?.firstElementChild ?? null,
  };
}

export function isRoot(el: Element | null, name: string): el is Element {
  return el !== null && el.localName.toLowerCase() === name.toLowerCase();
}
