import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import { freshServer } from '../support/fresh.js';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, at, leaves, parseXml, textAt } from '../support/xml.js';

let server: TestServer;
before(async () => {
  server = await freshServer({ domain: 'finesse.lab', xmppPort: 0 }, new ManualClock(Date.UTC(2026, 4, 5, 7, 34, 7, 188)));
});
after(() => server.stop());

test('SystemInfo for any authenticated user: domain, pubsub domain, ports, status, timestamp (reference §8.1)', async () => {
  for (const actor of ['agentA', 'supervisorA', 'admin']) {
    const response = await request(server.baseUrl, 'GET', '/finesse/api/SystemInfo?nocache=1', { user: actor });
    assert.equal(response.status, 200);
    const info = parseXml(response.body);
    assert.equal(info.name, 'SystemInfo');
    assert.deepEqual(
      [textAt(info, 'currentTimestamp'), textAt(info, 'deploymentType'), textAt(info, 'status'), textAt(info, 'systemAuthMode'), textAt(info, 'uri')],
      ['2026-05-05T07:34:07.188Z', 'UCCE', 'IN_SERVICE', 'NON_SSO', '/finesse/api/SystemInfo'],
    );
    assert.equal(textAt(info, 'xmppDomain'), 'finesse.lab');
    assert.equal(textAt(info, 'xmppPubSubDomain'), 'pubsub.finesse.lab');
    assert.deepEqual(leaves(at(info, 'primaryNode')!), {
      host: 'finesse.lab',
      httpsPort: String(server.ports.https),
      xmppPort: String(server.ports.xmpp ?? ''),
      xmppSecurePort: '',
    });
    assert.equal(textAt(info, 'secondaryNode/host'), '', 'a single node: finesse.js checks secondaryNode/host is empty');
    assert.match(textAt(info, 'timezoneOffset'), /^-?\d+$/);
  }
});

test('a server that runs alone answers exactly as before: its domain as the one node, no secondary, no node list of ours', async () => {
  const response = await request(server.baseUrl, 'GET', '/finesse/api/SystemInfo', { user: 'agentA' });
  assert.equal(
    response.body,
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SystemInfo><currentTimestamp>2026-05-05T07:34:07.188Z</currentTimestamp>' +
      '<deploymentType>UCCE</deploymentType><lastCTIHeartbeatStatus>success</lastCTIHeartbeatStatus>' +
      '<lastSuccessCTIHeartbeatTime>1777966447188</lastSuccessCTIHeartbeatTime><ctiVersion>23</ctiVersion>' +
      '<ctiHeartbeatInterval>2</ctiHeartbeatInterval><license></license><peripheralId>5000</peripheralId>' +
      `<primaryNode><host>finesse.lab</host><httpsPort>${server.ports.https}</httpsPort><xmppPort>${server.ports.xmpp}</xmppPort>` +
      '<xmppSecurePort></xmppSecurePort></primaryNode><secondaryNode><host></host></secondaryNode><status>IN_SERVICE</status>' +
      '<statusReason></statusReason><systemAuthMode>NON_SSO</systemAuthMode><timezoneOffset>0</timezoneOffset>' +
      '<uri>/finesse/api/SystemInfo</uri><xmppDomain>finesse.lab</xmppDomain><xmppPubSubDomain>pubsub.finesse.lab</xmppPubSubDomain></SystemInfo>',
  );
});

test('SystemInfo needs authentication', async () => {
  assertApiError(await request(server.baseUrl, 'GET', '/finesse/api/SystemInfo'), 401, 'Authentication Failure');
});
