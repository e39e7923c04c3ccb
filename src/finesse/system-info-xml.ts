import { DEPLOYMENT_TYPE } from '../domain/configuration-limits.js';
import { finesseTime } from './time.js';
import { systemInfoUri } from './uris.js';
import { element } from './xml-escape.js';

/** SystemInfo's status values (reference §8.1; PARTIAL_SERVICE is never reported). */
export type ServiceState = 'IN_SERVICE' | 'OUT_OF_SERVICE';

/** A node as SystemInfo names it. */
export interface SystemInfoNode {
  nodeId: string;
  host: string;
  httpPort: number | null;
  httpsPort: number | null;
  xmppPort: number | null;
  boshPort: number | null;
  boshTlsPort: number | null;
  startedAt: number;
  /** The node that answers this request. */
  thisNode: boolean;
}

export interface SystemInfoView {
  now: number;
  domain: string;
  status: ServiceState;
  /** Empty while in service. */
  statusReason: string;
  primary: SystemInfoNode;
  /** None while only one node is live: finesse.js then treats the system as a single node. */
  secondary: SystemInfoNode | null;
  /** Every live node, for our extension element `openfinesseNodes`; null (no element) for a server that runs alone. */
  nodes: SystemInfoNode[] | null;
}

/** Our own element after Finesse's, named so that no Finesse element can be confused with it. */
export const NODES_ELEMENT = 'openfinesseNodes';

/** The Finesse node elements: host, HTTPS and XMPP ports; there is no legacy XMPP-over-TLS (5223) port. */
function finesseNode(name: 'primaryNode' | 'secondaryNode', node: SystemInfoNode): string {
  return `<${name}>${element('host', node.host)}${element('httpsPort', node.httpsPort)}${element('xmppPort', node.xmppPort)}${element('xmppSecurePort', '')}</${name}>`;
}

function ourNode(node: SystemInfoNode): string {
  return (
    '<node>' +
    element('nodeId', node.nodeId) +
    element('host', node.host) +
    element('thisNode', String(node.thisNode)) +
    element('httpPort', node.httpPort) +
    element('httpsPort', node.httpsPort) +
    element('xmppPort', node.xmppPort) +
    element('boshPort', node.boshPort) +
    element('boshTlsPort', node.boshTlsPort) +
    element('startedAt', finesseTime(node.startedAt)) +
    '</node>'
  );
}

/** The document; `root` is `systemInfo` in a notification's `<data>` (lower case, as `user` and `dialog` are there). */
export function systemInfoXml(info: SystemInfoView, root: 'SystemInfo' | 'systemInfo' = 'SystemInfo'): string {
  return (
    `<${root}>` +
    element('currentTimestamp', finesseTime(info.now)) +
    element('deploymentType', DEPLOYMENT_TYPE) +
    element('lastCTIHeartbeatStatus', 'success') +
    element('lastSuccessCTIHeartbeatTime', info.now) +
    element('ctiVersion', 23) +
    element('ctiHeartbeatInterval', 2) +
    element('license', '') +
    element('peripheralId', 5000) +
    finesseNode('primaryNode', info.primary) +
    (info.secondary ? finesseNode('secondaryNode', info.secondary) : `<secondaryNode>${element('host', '')}</secondaryNode>`) +
    element('status', info.status) +
    element('statusReason', info.statusReason) +
    element('systemAuthMode', 'NON_SSO') +
    element('timezoneOffset', 0) +
    element('uri', systemInfoUri) +
    element('xmppDomain', info.domain) +
    element('xmppPubSubDomain', `pubsub.${info.domain}`) +
    (info.nodes ? `<${NODES_ELEMENT}>${info.nodes.map(ourNode).join('')}</${NODES_ELEMENT}>` : '') +
    `</${root}>`
  );
}
