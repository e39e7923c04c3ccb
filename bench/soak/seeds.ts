import { pick, type Random } from '../support/mutator.js';
import { bindIq, plainAuth, STREAM_HEADER, WS_OPEN } from '../support/soak-xmpp.js';
import { PASSWORD, SUPERVISOR } from './accounts.js';

export const selfBodies = (ext: string): string[] => [
  '<User><state>READY</state></User>',
  '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>',
  '<User><state>NOT_READY</state><reasonCodeId>4</reasonCodeId></User>',
  '<User><state>NOT_READY</state></User>',
  '<User><state>LOGOUT</state><reasonCodeId>5</reasonCodeId></User>',
  `<User><state>LOGIN</state><extension>${ext}</extension></User>`,
  `<User><state>LOGIN</state><extension>${ext}</extension></User>`,
  '<?xml version="1.0" encoding="UTF-8"?><User><state>READY</state></User>',
  '<User xmlns="http://www.cisco.com/vtg/finesse"><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>',
  '<User><state>WORK_READY</state></User>',
  `<User><state>LOGIN</state><extension>${ext}</extension><mobileAgent><mode>NAILED_CONNECTION</mode><dialNumber>5551234</dialNumber></mobileAgent></User>`,
];
export const SUPERVISOR_BODIES = [
  '<User><state>NOT_READY</state></User>',
  '<User><state>READY</state></User>',
  '<User><state>LOGOUT</state></User>',
  '<User><state>NOT_READY</state><reasonCodeId>3</reasonCodeId></User>',
];
export const CONTENT_TYPES = [
  'application/xml',
  'text/xml',
  'text/plain',
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/atom+xml',
  'text/xml; charset=iso-8859-1',
  '',
];

export const DIALOG_POSTS = [
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>5551234</toAddress></Dialog>',
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>1001</toAddress></Dialog>',
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>5000</toAddress></Dialog>',
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>5550100</toAddress></Dialog>',
  '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1002</fromAddress><toAddress>5551234</toAddress><mediaProperties><callvariables><CallVariable><name>callVariable1</name><value>x</value></CallVariable></callvariables></mediaProperties></Dialog>',
  '<Dialog><requestedAction>SILENT_MONITOR</requestedAction><fromAddress>1002</fromAddress><toAddress>1001</toAddress></Dialog>',
];
export const DIALOG_PUTS = [
  '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>ANSWER</requestedAction></Dialog>',
  '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>DROP</requestedAction></Dialog>',
  '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>HOLD</requestedAction></Dialog>',
  '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>RETRIEVE</requestedAction></Dialog>',
  '<Dialog><requestedAction>SEND_DTMF</requestedAction><targetMediaAddress>1002</targetMediaAddress><actionParams><ActionParam><name>dtmfString</name><value>12#</value></ActionParam></actionParams></Dialog>',
  '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Sales Inquiry</wrapUpReason><callvariables><CallVariable><name>callVariable1</name><value>abc</value></CallVariable></callvariables></mediaProperties></Dialog>',
  '<Dialog><requestedAction>CONSULT_CALL</requestedAction><targetMediaAddress>1002</targetMediaAddress><toAddress>1001</toAddress></Dialog>',
  '<Dialog><requestedAction>TRANSFER_SST</requestedAction><targetMediaAddress>1002</targetMediaAddress><toAddress>5551234</toAddress></Dialog>',
];
export const CONTROL_CALLS = [
  '{"from":"5559876","to":"5001","talkSeconds":1,"agentAnswerSeconds":1}',
  '{"from":"5559876","to":"1003","callVariables":{"callVariable1":"x"},"talkSeconds":1}',
  '{"from":"+15551234567","to":"5000","agentAnswerSeconds":1,"talkSeconds":1}',
];

/** Request targets for GET, with the user each is sent as. */
export const GET_TARGETS: [string, string][] = [
  ['/finesse/api/User/agentA?x=1', 'agentA'],
  ['/finesse/api/User/agentA/ReasonCodes?category=NOT_READY', 'agentA'],
  ['/finesse/api/User/agentA/ReasonCodes?category=LOGOUT', 'agentA'],
  ['/finesse/api/User/agentA/ReasonCode/1', 'agentA'],
  ['/finesse/api/User/agentA/WrapUpReasons', 'agentA'],
  ['/finesse/api/User/agentA/WrapUpReason/2', 'agentA'],
  ['/finesse/api/User/agentA/Dialogs?', 'agentA'],
  ['/finesse/api/User/agentA/Queues', 'agentA'],
  ['/finesse/api/Queue/1', 'supervisorA'],
  ['/finesse/api/SystemInfo?x', 'agentA'],
  ['/finesse/api/Team/1?includeLoggedOutAgents=true', 'supervisorA'],
  ['/finesse/api/Team/soak?includeLoggedOutAgents=false', SUPERVISOR],
  ['/finesse/api/Users', 'admin'],
  ['/finesse/api/User/soak03', 'admin'],
  ['/finesse/api/User/soak05/Dialogs', SUPERVISOR],
  ['/openfinesse/api/calls?since=0&limit=5', 'admin'],
  ['/openfinesse/api/calls/abc', 'admin'],
  ['/openfinesse/health', 'admin'],
  ['/desktop/?a=b', 'admin'],
  ['/http-bind/?x', 'admin'],
];

export const STANZAS = (user: string, jid: string): string[] => [
  `<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>`,
  `<iq type='set' id='s1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/User/${user}' jid='${jid}'/></pubsub></iq>`,
  `<iq type='set' id='s2' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/Team/1/Users' jid='${jid}'/></pubsub></iq>`,
  `<iq type='set' id='u1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><unsubscribe node='/finesse/api/Team/1/Users' jid='${jid}'/></pubsub></iq>`,
  `<iq type='get' id='i1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='/finesse/api/User/${user}'/></pubsub></iq>`,
  `<iq type='get' id='sb' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscriptions/></pubsub></iq>`,
  `<iq type='get' id='d1' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`,
  `<iq type='get' id='d2' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
  `<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>`,
  `<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>`,
  `<iq type='set' id='b2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>again</resource></bind></iq>`,
  `<iq type='set' id='x1' to='agentb@localhost/desk'><query xmlns='urn:x'/></iq>`,
  `<iq type='get' id='t1'><time xmlns='urn:xmpp:time'/></iq>`,
  `<presence><priority>0</priority><status>soak</status></presence>`,
  `<presence type='unavailable'/>`,
  `<presence to='finesse@localhost' type='probe'/>`,
  `<presence to='agentb@localhost' type='subscribe'/>`,
  `<message to='agentc@localhost' type='chat'><body>hello &amp; bye</body></message>`,
  `<message to='${jid}'><body>self</body></message>`,
];

export const PRE_AUTH_TCP = [
  `<?xml version='1.0'?>${STREAM_HEADER}${plainAuth('agentC', PASSWORD)}`,
  `<?xml version='1.0'?>${STREAM_HEADER}<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>${Buffer.from('n,,n=agentC,r=abcdefghijkl').toString('base64')}</auth>`,
  `<?xml version='1.0'?>${STREAM_HEADER}<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`,
  `<?xml version='1.0'?>${STREAM_HEADER}${plainAuth('agentC', PASSWORD)}${STREAM_HEADER}${bindIq('b', 'pre')}<presence/>`,
  `${STREAM_HEADER}<iq type='get' id='x'><ping xmlns='urn:xmpp:ping'/></iq>`,
];
export const PRE_AUTH_WS = [
  WS_OPEN,
  plainAuth('agentC', PASSWORD),
  `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>${Buffer.from('n,,n=agentC,r=zyxwvu').toString('base64')}</auth>`,
];

export const BOSH_NS = 'http://jabber.org/protocol/httpbind';
export const boshCreate = (rid: number): string =>
  `<body rid='${rid}' xmlns='${BOSH_NS}' to='localhost' xml:lang='en' wait='1' hold='0' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>`;
export const boshCreateSeeds = (rid: number): string[] => [
  boshCreate(rid),
  `<body rid='${rid}' xmlns='${BOSH_NS}' to='localhost' xml:lang='en' wait='60' hold='1' ver='1.11' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>`,
  `<body content='text/xml; charset=utf-8' rid='${rid}' xmlns='${BOSH_NS}' to='localhost' route='xmpp:localhost:5222' secure='false' wait='1' hold='0' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'>${plainAuth('agentC', PASSWORD)}</body>`,
];
export const boshIn = (rid: number, sid: string, inner: string): string => `<body rid='${rid}' sid='${sid}' xmlns='${BOSH_NS}'>${inner}</body>`;
export const boshInSeeds = (rid: number, sid: string, stanzas: string[], random: Random): string[] => [
  boshIn(rid, sid, pick(random, stanzas)),
  boshIn(rid, sid, pick(random, stanzas) + pick(random, stanzas)),
  `<body rid='${rid}' sid='${sid}' xmlns='${BOSH_NS}'/>`,
  `<body rid='${rid}' sid='${sid}' xmlns='${BOSH_NS}' to='localhost' xml:lang='en' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'/>`,
  `<body rid='${rid}' sid='${sid}' type='terminate' xmlns='${BOSH_NS}'><presence type='unavailable'/></body>`,
];
