import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import { freshServer } from '../support/fresh.js';
import { request, setState } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, at, childNames, leaves, parseXml, textAt } from '../support/xml.js';

const START = Date.UTC(2026, 2, 1, 17, 58, 21, 234);
const LOGIN_1001 = '<User><state>LOGIN</state><extension>1001</extension></User>';
const LOGIN_1003 = '<User><state>LOGIN</state><extension>1003</extension></User>';
const READY = '<User><state>READY</state></User>';
const NOT_READY = '<User><state>NOT_READY</state></User>';
const LOGOUT = '<User><state>LOGOUT</state></User>';

let server: TestServer;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock(START);
  server = await freshServer({}, clock);
});
afterEach(() => server.stop());

const get = (actor: string, path: string, headers?: Record<string, string>) =>
  request(server.baseUrl, 'GET', `/finesse/api${path}`, { user: actor, ...(headers ? { headers } : {}) });
const put = (actor: string, target: string, xml: string, requestId?: string) => setState(server.baseUrl, actor, target, xml, requestId);

async function userOf(actor: string, id = actor) {
  const response = await get(actor, `/User/${id}`);
  assert.equal(response.status, 200, response.body);
  return parseXml(response.body);
}

async function accepted(actor: string, target: string, xml: string): Promise<void> {
  const response = await put(actor, target, xml);
  assert.equal(response.status, 202, `${actor} → ${target} ${xml}: ${response.body}`);
}

describe('GET /finesse/api/User/{id}', () => {
  test('a signed-out agent: every field of reference §4, in order, with reasonCodeId -1 and no ReasonCode', async () => {
    const response = await get('agentA', '/User/agentA');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/xml/);
    assert.match(response.body, /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?><User>/);
    const user = parseXml(response.body);
    assert.deepEqual(childNames(user), [
      'uri',
      'roles',
      'loginId',
      'loginName',
      'state',
      'stateChangeTime',
      'pendingState',
      'reasonCodeId',
      'settings',
      'extension',
      'firstName',
      'lastName',
      'teamId',
      'teamName',
      'mediaType',
      'dialogs',
    ]);
    assert.deepEqual(leaves(user), {
      uri: '/finesse/api/User/agentA',
      loginId: 'agentA',
      loginName: 'agentA',
      state: 'LOGOUT',
      stateChangeTime: '',
      pendingState: '',
      reasonCodeId: '-1',
      extension: '',
      firstName: 'Alice',
      lastName: 'Archer',
      teamId: '1',
      teamName: 'Team A',
      mediaType: '1',
      dialogs: '/finesse/api/User/agentA/Dialogs',
    });
    assert.deepEqual(
      at(user, 'roles')!.children.map((r) => [r.name, r.text]),
      [['role', 'Agent']],
    );
    assert.deepEqual(leaves(at(user, 'settings')!), { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', deviceSelection: 'disabled' });
  });

  test('a supervisor has both roles and lists the supervised teams', async () => {
    const user = await userOf('supervisorA');
    assert.deepEqual(
      at(user, 'roles')!.children.map((r) => r.text),
      ['Agent', 'Supervisor'],
    );
    const teams = at(user, 'teams')!;
    assert.deepEqual(childNames(teams), ['Team']);
    assert.deepEqual(leaves(teams.children[0]!), { uri: '/finesse/api/Team/1', id: '1', name: 'Team A' });
  });

  test('after LOGIN: NOT_READY, reasonCodeId -1, the extension, stateChangeTime in UTC milliseconds', async () => {
    await accepted('agentA', 'agentA', LOGIN_1001);
    const user = await userOf('agentA');
    assert.equal(textAt(user, 'state'), 'NOT_READY');
    assert.equal(textAt(user, 'reasonCodeId'), '-1');
    assert.equal(at(user, 'ReasonCode'), undefined);
    assert.equal(textAt(user, 'extension'), '1001');
    assert.equal(textAt(user, 'stateChangeTime'), '2026-03-01T17:58:21.234Z');
    assert.equal(textAt(user, 'pendingState'), '');
  });

  test('READY moves stateChangeTime; a NOT_READY reason code is shown as reasonCodeId and ReasonCode', async () => {
    await accepted('agentA', 'agentA', LOGIN_1001);
    clock.advance(1500);
    await accepted('agentA', 'agentA', READY);
    let user = await userOf('agentA');
    assert.equal(textAt(user, 'state'), 'READY');
    assert.equal(textAt(user, 'stateChangeTime'), '2026-03-01T17:58:22.734Z');
    clock.advance(60_000);
    await accepted('agentA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>3</reasonCodeId></User>');
    user = await userOf('agentA');
    assert.equal(textAt(user, 'state'), 'NOT_READY');
    assert.equal(textAt(user, 'stateChangeTime'), '2026-03-01T17:59:22.734Z');
    assert.equal(textAt(user, 'reasonCodeId'), '3');
    assert.deepEqual(leaves(at(user, 'ReasonCode')!), {
      uri: '/finesse/api/ReasonCode/3',
      category: 'NOT_READY',
      code: '12',
      label: 'Team Meeting',
      forAll: 'true',
      systemCode: 'false',
      id: '3',
    });
  });

  test('LOGOUT with a reason code clears the extension and shows the LOGOUT code', async () => {
    await accepted('agentA', 'agentA', LOGIN_1001);
    await accepted('agentA', 'agentA', '<User><state>LOGOUT</state><reasonCodeId>5</reasonCodeId></User>');
    const user = await userOf('agentA');
    assert.equal(textAt(user, 'state'), 'LOGOUT');
    assert.equal(textAt(user, 'extension'), '');
    assert.equal(textAt(user, 'reasonCodeId'), '5');
    assert.equal(textAt(user, 'ReasonCode/category'), 'LOGOUT');
    assert.equal(textAt(user, 'ReasonCode/label'), 'End of Shift');
  });

  test('unknown query parameters such as nocache are ignored; the requestId header is echoed on GET too', async () => {
    const response = await get('agentA', '/User/agentA?nocache=1712345678901&foo=bar', { requestId: 'g-1', locale: 'en_US' });
    assert.equal(response.status, 200);
    assert.equal(textAt(parseXml(response.body), 'loginId'), 'agentA');
    assert.equal(response.headers.get('requestid'), 'g-1');
  });

  test('agents read only themselves: another user → 401 Invalid Authorization User Specified, existing or not', async () => {
    assertApiError(await get('agentA', '/User/agentB'), 401, 'Invalid Authorization User Specified', { data: 'agentA' });
    assertApiError(await get('agentA', '/User/nobody'), 401, 'Invalid Authorization User Specified', { data: 'agentA' });
  });

  test('a supervisor reads the agents of his teams; anyone else → 401, existing or not, so ids cannot be probed', async () => {
    assert.equal(textAt(await userOf('supervisorA', 'agentA'), 'loginId'), 'agentA');
    assertApiError(await get('supervisorA', '/User/agentC'), 401, 'Invalid Authorization User Specified', { data: 'supervisorA' });
    assertApiError(await get('supervisorA', '/User/nobody'), 401, 'Invalid Authorization User Specified', { data: 'supervisorA' });
  });

  test('an administrator reads anyone; an unknown user → 404 User Not Found UNKNOWN_USER', async () => {
    assert.equal(textAt(await userOf('admin', 'agentC'), 'loginId'), 'agentC');
    const admin = await userOf('admin');
    assert.deepEqual(
      at(admin, 'roles')!.children.map((r) => r.text),
      ['Administrator'],
    );
    assertApiError(await get('admin', '/User/4023'), 404, 'User Not Found', { message: 'UNKNOWN_USER', data: '4023' });
  });
});

describe('GET by loginName (loginId ≠ loginName)', () => {
  test('GET /User/{loginName} answers the full User with its loginId; Basic auth by loginName works too', async () => {
    const config = join(server.dataDir, 'named.yaml');
    writeFileSync(
      config,
      'teams: [{ id: "10", name: Billing }]\nusers:\n  - { loginId: "5001", loginName: jdoe, firstName: Jane, lastName: Doe, password: pw, team: "10" }\n',
    );
    const named = await freshServer({ configFile: config, demo: false });
    try {
      for (const [who, id] of [
        ['jdoe', 'jdoe'],
        ['5001', 'jdoe'],
        ['jdoe', '5001'],
      ]) {
        const response = await request(named.baseUrl, 'GET', `/finesse/api/User/${id}`, { user: who, password: 'pw' });
        assert.equal(response.status, 200, response.body);
        const user = parseXml(response.body);
        assert.deepEqual([textAt(user, 'loginId'), textAt(user, 'loginName'), textAt(user, 'uri')], ['5001', 'jdoe', '/finesse/api/User/5001']);
      }
      const login = await request(named.baseUrl, 'PUT', '/finesse/api/User/5001', { user: 'jdoe', password: 'pw', body: LOGIN_1001 });
      assert.equal(login.status, 202, login.body);
    } finally {
      await named.stop();
    }
  });
});

describe('PUT /finesse/api/User/{id}', () => {
  test('202 with an empty body, the requestId echoed', async () => {
    const response = await put('agentA', 'agentA', LOGIN_1001, 'req-42');
    assert.equal(response.status, 202);
    assert.equal(response.body, '');
    assert.equal(response.headers.get('requestid'), 'req-42');
  });

  test('the requestId is echoed on a failed request too', async () => {
    const response = await put('agentA', 'agentA', READY, 'req-fail');
    assertApiError(response, 400, 'Invalid State');
    assert.equal(response.headers.get('requestid'), 'req-fail');
  });

  test('malformed XML → 400 Bad Request', async () => {
    assertApiError(await put('agentA', 'agentA', '<User><state>LOGIN</User>'), 400, 'Bad Request');
    assertApiError(await put('agentA', 'agentA', 'state=LOGIN'), 400, 'Bad Request');
    assertApiError(await put('agentA', 'agentA', '<User><state>LOGIN</state></User><User/>'), 400, 'Bad Request');
  });

  test('an empty body or another root element → 400 Bad Request', async () => {
    assertApiError(await put('agentA', 'agentA', ''), 400, 'Bad Request');
    assertApiError(await put('agentA', 'agentA', '<Dialog><state>LOGIN</state></Dialog>'), 400, 'Bad Request');
  });

  test('missing state → 400 Parameter Missing "state"; LOGIN without extension → "extension"', async () => {
    assertApiError(await put('agentA', 'agentA', '<User><extension>1001</extension></User>'), 400, 'Parameter Missing', { data: 'state' });
    assertApiError(await put('agentA', 'agentA', '<User><state></state></User>'), 400, 'Parameter Missing', { data: 'state' });
    assertApiError(await put('agentA', 'agentA', '<User><state>LOGIN</state></User>'), 400, 'Parameter Missing', { data: 'extension' });
  });

  test('unknown state → 400 Invalid Input; a system-only state → 400 Invalid State', async () => {
    assertApiError(await put('agentA', 'agentA', '<User><state>COFFEE</state></User>'), 400, 'Invalid Input', {
      data: 'COFFEE',
      message: 'Invalid State specified for user',
    });
    await accepted('agentA', 'agentA', LOGIN_1001);
    assertApiError(await put('agentA', 'agentA', '<User><state>TALKING</state></User>'), 400, 'Invalid State', { data: 'TALKING' });
  });

  test('illegal transitions → 400 Invalid State: LOGOUT while LOGOUT, READY / NOT_READY while LOGOUT, LOGOUT while READY', async () => {
    assertApiError(await put('agentA', 'agentA', LOGOUT), 400, 'Invalid State', { data: 'LOGOUT' });
    assertApiError(await put('agentA', 'agentA', READY), 400, 'Invalid State', { data: 'READY' });
    assertApiError(await put('agentA', 'agentA', NOT_READY), 400, 'Invalid State', { data: 'NOT_READY' });
    await accepted('agentA', 'agentA', LOGIN_1001);
    await accepted('agentA', 'agentA', READY);
    assertApiError(await put('agentA', 'agentA', READY), 400, 'Invalid State', { data: 'READY' });
    assertApiError(await put('agentA', 'agentA', LOGOUT), 400, 'Invalid State', { data: 'LOGOUT' });
  });

  test('a refused request changes nothing', async () => {
    await accepted('agentA', 'agentA', LOGIN_1001);
    const before = await get('agentA', '/User/agentA');
    clock.advance(5000);
    for (const xml of [
      LOGOUT.replace('LOGOUT', 'BOGUS'),
      '<User><state>NOT_READY</state><reasonCodeId>42</reasonCodeId></User>',
      '<User><state>READY</state><reasonCodeId>1</reasonCodeId></User>',
      '<User><state>LOGIN</state><extension>9999</extension></User>',
    ]) {
      assert.equal((await put('agentA', 'agentA', xml)).status, 400, xml);
    }
    assert.equal((await put('agentB', 'agentA', READY)).status, 401);
    assert.equal((await get('agentA', '/User/agentA')).body, before.body);
  });

  test("reason codes: invalid id, wrong category or another team's code → 400 Invalid Input", async () => {
    await accepted('agentA', 'agentA', LOGIN_1001);
    assertApiError(await put('agentA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>42</reasonCodeId></User>'), 400, 'Invalid Input', { data: '42' });
    assertApiError(await put('agentA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>5</reasonCodeId></User>'), 400, 'Invalid Input', { data: '5' });
    assertApiError(await put('agentA', 'agentA', '<User><state>LOGOUT</state><reasonCodeId>7</reasonCodeId></User>'), 400, 'Invalid Input', { data: '7' });
    await accepted('agentA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>4</reasonCodeId></User>');
    await accepted('agentA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>-1</reasonCodeId></User>');
    assert.equal(textAt(await userOf('agentA'), 'reasonCodeId'), '-1');
  });

  test("LOGIN again on the same extension is accepted and keeps the state; another agent's extension is refused", async () => {
    await accepted('agentA', 'agentA', LOGIN_1001);
    await accepted('agentA', 'agentA', READY);
    await accepted('agentA', 'agentA', LOGIN_1001);
    assert.equal(textAt(await userOf('agentA'), 'state'), 'READY');
    assertApiError(await put('agentB', 'agentB', LOGIN_1001), 400, 'Bad Request', { data: '1001' });
    assertApiError(await put('agentB', 'agentB', '<User><state>LOGIN</state><extension>ext</extension></User>'), 400, 'Bad Request');
  });

  test('an unknown user is answered as a stranger: 401 Invalid Supervisor for a supervisor, 401 for an agent, 404 only for an administrator', async () => {
    assertApiError(await put('supervisorA', 'nobody', NOT_READY), 401, 'Invalid Supervisor', { data: 'supervisorA' });
    assertApiError(await put('supervisorA', 'agentC', NOT_READY), 401, 'Invalid Supervisor', { data: 'supervisorA' });
    assertApiError(await put('agentA', 'nobody', NOT_READY), 401, 'Invalid Authorization User Specified', { data: 'agentA' });
    assertApiError(await put('admin', 'nobody', NOT_READY), 404, 'User Not Found', { message: 'UNKNOWN_USER', data: 'nobody' });
  });

  test('credentials user ≠ URI user → 401 Invalid Authorization User Specified', async () => {
    assertApiError(await put('agentA', 'supervisorA', LOGIN_1003), 401, 'Invalid Authorization User Specified', {
      data: 'agentA',
      message: "The user in the credentials and the uri don't match",
    });
    assertApiError(await put('agentA', 'agentB', READY), 401, 'Invalid Authorization User Specified');
    assertApiError(await put('admin', 'agentA', READY), 401, 'Invalid Authorization User Specified');
  });
});

describe('supervisor state changes (reference §5.5, §10.2)', () => {
  beforeEach(async () => {
    await accepted('agentA', 'agentA', LOGIN_1001);
    await accepted('supervisorA', 'supervisorA', LOGIN_1003);
  });

  test('NOT_READY from READY → 202 and reason code 999 "Supervisor Initiated"', async () => {
    await accepted('agentA', 'agentA', READY);
    const response = await put('supervisorA', 'agentA', NOT_READY, 'sup-1');
    assert.equal(response.status, 202);
    assert.equal(response.body, '');
    assert.equal(response.headers.get('requestid'), 'sup-1');
    const user = await userOf('agentA');
    assert.equal(textAt(user, 'state'), 'NOT_READY');
    assert.equal(textAt(user, 'reasonCodeId'), '999');
    assert.deepEqual(leaves(at(user, 'ReasonCode')!), {
      uri: '/finesse/api/ReasonCode/999',
      category: 'NOT_READY',
      code: '999',
      label: 'Supervisor Initiated',
      forAll: 'true',
      systemCode: 'true',
      id: '999',
    });
  });

  test('READY then LOGOUT of a team agent; LOGOUT carries 999 and clears the extension', async () => {
    await accepted('supervisorA', 'agentA', READY);
    assert.equal(textAt(await userOf('agentA'), 'state'), 'READY');
    await accepted('supervisorA', 'agentA', LOGOUT);
    const user = await userOf('agentA');
    assert.deepEqual([textAt(user, 'state'), textAt(user, 'reasonCodeId'), textAt(user, 'extension')], ['LOGOUT', '999', '']);
    assert.equal(textAt(user, 'ReasonCode/category'), 'LOGOUT');
  });

  test('the classic lab sign-out <User><state>LOGOUT</state></User> of the supervisor himself → 202', async () => {
    await accepted('supervisorA', 'supervisorA', LOGOUT.replace('LOGOUT', 'NOT_READY'));
    await accepted('supervisorA', 'supervisorA', LOGOUT);
    assert.equal(textAt(await userOf('supervisorA'), 'state'), 'LOGOUT');
  });

  test('with a reasonCodeId → 400 Invalid Input, nothing changes', async () => {
    await accepted('agentA', 'agentA', READY);
    assertApiError(await put('supervisorA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>'), 400, 'Invalid Input', {
      data: 'reasonCodeId',
    });
    assertApiError(await put('supervisorA', 'agentA', '<User><state>LOGOUT</state><reasonCodeId>5</reasonCodeId></User>'), 400, 'Invalid Input');
    assert.equal(textAt(await userOf('agentA'), 'state'), 'READY');
  });

  test('a state other than READY / NOT_READY / LOGOUT → 400', async () => {
    assertApiError(await put('supervisorA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>'), 400, 'Invalid Input', { data: 'LOGIN' });
    assertApiError(await put('supervisorA', 'agentA', '<User><state>WORK</state></User>'), 400, 'Invalid State', { data: 'WORK' });
    assertApiError(await put('supervisorA', 'agentA', '<User><state>PAUSE</state></User>'), 400, 'Invalid Input', { data: 'PAUSE' });
  });

  test('from a state the reference forbids → 400 Invalid State (NOT_READY while NOT_READY, anything while LOGOUT)', async () => {
    assertApiError(await put('supervisorA', 'agentA', NOT_READY), 400, 'Invalid State', { data: 'NOT_READY' });
    assertApiError(await put('supervisorA', 'agentB', LOGOUT), 400, 'Invalid State', { data: 'LOGOUT' });
    assertApiError(await put('supervisorA', 'agentB', READY), 400, 'Invalid State', { data: 'READY' });
  });

  test('a supervisor-ordered change while the agent talks is pending, and applies when the call ends', async () => {
    await accepted('agentA', 'agentA', READY);
    server.agents.applyCall('agentA', { type: 'offered' });
    server.agents.applyCall('agentA', { type: 'connected' });
    assertApiError(await put('supervisorA', 'agentA', NOT_READY), 400, 'Invalid State');
    await accepted('supervisorA', 'agentA', LOGOUT);
    let user = await userOf('agentA');
    assert.deepEqual([textAt(user, 'state'), textAt(user, 'pendingState'), textAt(user, 'extension')], ['TALKING', 'LOGOUT', '1001']);
    server.agents.applyCall('agentA', { type: 'ended', wrapUp: false });
    user = await userOf('agentA');
    assert.deepEqual([textAt(user, 'state'), textAt(user, 'pendingState'), textAt(user, 'reasonCodeId')], ['LOGOUT', '', '999']);
  });

  test('an agent outside his teams → 401 Invalid Supervisor', async () => {
    await accepted('agentC', 'agentC', '<User><state>LOGIN</state><extension>1004</extension></User>');
    assertApiError(await put('supervisorA', 'agentC', LOGOUT), 401, 'Invalid Supervisor', { data: 'supervisorA' });
    assertApiError(await put('supervisorB', 'agentA', NOT_READY), 401, 'Invalid Supervisor', { data: 'supervisorB' });
    assert.equal(textAt(await userOf('agentC'), 'state'), 'NOT_READY');
  });
});

describe('GET /finesse/api/Users', () => {
  test('an administrator gets every user as a full User object', async () => {
    const response = await get('admin', '/Users?nocache=1');
    assert.equal(response.status, 200);
    const users = parseXml(response.body);
    assert.equal(users.name, 'Users');
    assert.deepEqual(childNames(users), Array(6).fill('User'));
    assert.deepEqual(users.children.map((u) => textAt(u, 'loginId')).sort(), ['admin', 'agentA', 'agentB', 'agentC', 'supervisorA', 'supervisorB']);
    const supervisor = users.children.find((u) => textAt(u, 'loginId') === 'supervisorB')!;
    assert.equal(textAt(supervisor, 'teams/Team/id'), '2');
    assert.ok(at(supervisor, 'settings'));
  });

  test('agents and supervisors → 401 Authorization Failure', async () => {
    assertApiError(await get('agentA', '/Users'), 401, 'Authorization Failure', { data: 'agentA' });
    assertApiError(await get('supervisorA', '/Users'), 401, 'Authorization Failure', { data: 'supervisorA' });
  });
});

describe('methods and routes', () => {
  test('other methods → 405 Method Not Allowed as ApiErrors', async () => {
    for (const [method, path] of [
      ['DELETE', '/User/agentA'],
      ['POST', '/User/agentA'],
      ['PATCH', '/User/agentA'],
      ['POST', '/Users'],
      ['PUT', '/Team/1'],
      ['DELETE', '/SystemInfo'],
      ['PUT', '/User/agentA/ReasonCodes'],
      ['POST', '/User/agentA/WrapUpReason/1'],
      ['OPTIONS', '/User/agentA'],
    ]) {
      const response = await request(server.baseUrl, method!, `/finesse/api${path}`, { user: 'agentA', body: '<User/>' });
      assertApiError(response, 405, 'Method Not Allowed');
    }
  });

  test('an unknown resource under /finesse/api → 404 Not Found as ApiErrors', async () => {
    assertApiError(await get('agentA', '/Nonsense'), 404, 'Not Found');
  });
});

describe('the HTTPS listener', () => {
  function httpsCall(method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: server.ports.https!,
          path,
          method,
          rejectUnauthorized: false,
          headers: { authorization: `Basic ${Buffer.from('agentA:demo').toString('base64')}`, ...(body ? { 'content-type': 'application/xml' } : {}) },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (data += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: data }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  test('serves the same API over TLS with the same data', async () => {
    assert.ok(server.ports.https);
    const login = await httpsCall('PUT', '/finesse/api/User/agentA', LOGIN_1001);
    assert.equal(login.status, 202);
    assert.equal(textAt(await userOf('agentA'), 'extension'), '1001');
    const user = await httpsCall('GET', '/finesse/api/User/agentA?nocache=2');
    assert.equal(user.status, 200);
    assert.equal(textAt(parseXml(user.body), 'state'), 'NOT_READY');
  });
});
