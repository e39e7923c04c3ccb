import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request, setState } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ xmppPort: null, boshPort: null, boshTlsPort: null });
});
after(() => server.stop());

test('an agent signs in and goes READY over REST', async () => {
  const login = await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>', 'req-1');
  assert.equal(login.status, 202);
  assert.equal(login.body, '');
  assert.equal(login.headers.get('requestId'), 'req-1');
  assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>')).status, 202);
  const user = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA?nocache=1', { user: 'agentA' });
  assert.equal(user.status, 200);
  assert.match(user.body, /<state>READY<\/state>/);
  assert.match(user.body, /<extension>1001<\/extension>/);
});
