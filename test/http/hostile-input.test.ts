import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { freshServer } from '../support/fresh.js';
import { basic, request } from '../support/http.js';
import type { HttpResult } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, parseXml, textAt } from '../support/xml.js';

let server: TestServer;
before(async () => {
  server = await freshServer();
});
after(() => server.stop());

const LOGIN = '<User><state>LOGIN</state><extension>1001</extension></User>';
const put = (body: string | Buffer, headers: Record<string, string> = {}): Promise<HttpResult> =>
  fetch(`${server.baseUrl}/finesse/api/User/agentA`, {
    method: 'PUT',
    headers: { authorization: basic('agentA'), 'content-type': 'application/xml', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text() }));

async function userText(): Promise<string> {
  const response = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA', { user: 'agentA' });
  assert.equal(response.status, 200);
  return response.body;
}

/** Signs agentA out again through a supervisor, so every test starts from the same place. */
async function resetAgentA(): Promise<void> {
  const state = server.directory.statusOf('agentA').state;
  if (state === 'LOGOUT') return;
  const response = await request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'supervisorA', body: '<User><state>LOGOUT</state></User>' });
  assert.equal(response.status, 202, response.body);
}
beforeEach(resetAgentA);

/** Sends `body` and checks the answer is `status` and agentA is exactly as before. */
async function refusedWithoutEffect(body: string | Buffer, status: number, headers: Record<string, string> = {}): Promise<HttpResult> {
  const before = await userText();
  const response = await put(body, headers);
  assert.equal(response.status, status, `body ${String(body).slice(0, 80)}: ${response.body}`);
  assert.equal(await userText(), before);
  return response;
}

async function stillServing(): Promise<void> {
  const response = await put(LOGIN);
  assert.equal(response.status, 202);
  assert.equal(textAt(parseXml(await userText()), 'state'), 'NOT_READY');
}

describe('body size', () => {
  test('a body over 64 KiB → 413, nothing changed', async () => {
    const padding = `<!--${'x'.repeat(64 * 1024)}-->`;
    const response = await refusedWithoutEffect(`<User><state>LOGIN</state><extension>1001</extension>${padding}</User>`, 413);
    assertApiError(response, 413, 'Request Entity Too Large');
    await stillServing();
  });

  test('a body of exactly 64 KiB is still read', async () => {
    const head = '<User><state>LOGIN</state><extension>1001</extension><!--';
    const tail = '--></User>';
    const body = head + 'x'.repeat(64 * 1024 - head.length - tail.length) + tail;
    assert.equal(Buffer.byteLength(body), 64 * 1024);
    assert.equal((await put(body)).status, 202);
  });

  test('a chunked body over 64 KiB (no Content-Length) → 413', async () => {
    const chunks = [Buffer.from('<User><state>LOGIN</state><extension>1001</extension><!--'), Buffer.alloc(70 * 1024, 'y'), Buffer.from('--></User>')];
    const stream = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const before = await userText();
    const response = await fetch(`${server.baseUrl}/finesse/api/User/agentA`, {
      method: 'PUT',
      headers: { authorization: basic('agentA'), 'content-type': 'application/xml' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
    await response.text();
    assert.equal(await userText(), before);
    await stillServing();
  });
});

describe('DTDs and entities are never expanded', () => {
  test('billion laughs → 400, nothing changed', async () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<User><state>LOGIN</state><extension>1001</extension><note>&lol3;</note></User>`;
    assertApiError(await refusedWithoutEffect(lol, 400), 400, 'Bad Request');
  });

  test('an internal entity used for the state → 400 (no expansion), nothing changed', async () => {
    await refusedWithoutEffect('<!DOCTYPE User [<!ENTITY s "LOGIN">]><User><state>&s;</state><extension>1001</extension></User>', 400);
  });

  test('an external entity (XXE) → 400, nothing read', async () => {
    const response = await refusedWithoutEffect(
      '<!DOCTYPE User [<!ENTITY x SYSTEM "file:///etc/passwd">]><User><state>LOGIN</state><extension>&x;</extension></User>',
      400,
    );
    assert.doesNotMatch(response.body, /root:/);
  });

  test('a bare DOCTYPE → 400', async () => {
    await refusedWithoutEffect('<!DOCTYPE User><User><state>LOGIN</state><extension>1001</extension></User>', 400);
  });

  test('an undeclared entity → 400', async () => {
    await refusedWithoutEffect('<User><state>LOGIN</state><extension>&ext;</extension></User>', 400);
  });

  test('processing instructions other than the declaration → 400', async () => {
    await refusedWithoutEffect('<?xml-stylesheet href="x"?><User><state>LOGIN</state><extension>1001</extension></User>', 400);
  });

  test('the predefined entities and character references are fine', async () => {
    assert.equal(
      (await put('<?xml version="1.0" encoding="UTF-8"?><User><state>&#76;OGIN</state><extension>100&#x31;</extension><x>&amp;&lt;&gt;&quot;&apos;</x></User>'))
        .status,
      202,
    );
    assert.equal(textAt(parseXml(await userText()), 'extension'), '1001');
  });
});

describe('structure', () => {
  test('nesting deeper than the limit → 400, nothing changed', async () => {
    const deep = `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`;
    await refusedWithoutEffect(`<User><state>LOGIN</state><extension>1001</extension>${deep}</User>`, 400);
    const veryDeep = `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`;
    await refusedWithoutEffect(`<User><state>LOGIN</state><extension>1001</extension>${veryDeep}</User>`, 400);
    await stillServing();
  });

  test('too many elements → 400', async () => {
    await refusedWithoutEffect(`<User><state>LOGIN</state><extension>1001</extension>${'<x/>'.repeat(10_001)}</User>`, 400);
  });

  test('truncated, unbalanced or rootless documents → 400', async () => {
    for (const body of [
      '<User><state>LOGIN</state><extension>1001</extension>',
      '<User></Dialog>',
      'LOGIN',
      '<User><state>LOGIN</state></User>trailing',
      '<User a="1" a="2"/>',
    ]) {
      await refusedWithoutEffect(body, 400);
    }
  });

  test('invalid UTF-8 → 400, nothing changed', async () => {
    const bytes = Buffer.concat([
      Buffer.from('<User><state>LOGIN</state><extension>1001</extension><note>'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('</note></User>'),
    ]);
    await refusedWithoutEffect(bytes, 400);
    const inState = Buffer.concat([Buffer.from('<User><state>LOG'), Buffer.from([0xff]), Buffer.from('IN</state><extension>1001</extension></User>')]);
    await refusedWithoutEffect(inState, 400);
    await stillServing();
  });

  test('control characters XML forbids → 400', async () => {
    await refusedWithoutEffect('<User><state>LOGIN\u0001</state><extension>1001</extension></User>', 400);
  });
});

describe('Content-Type', () => {
  test('JSON → 415 Unsupported Media Type, nothing changed', async () => {
    assertApiError(await refusedWithoutEffect(LOGIN, 415, { 'content-type': 'application/json' }), 415, 'Unsupported Media Type');
    await refusedWithoutEffect(JSON.stringify({ state: 'LOGIN', extension: '1001' }), 415, { 'content-type': 'application/json' });
    await refusedWithoutEffect(LOGIN, 415, { 'content-type': 'multipart/form-data; boundary=x' });
  });

  for (const type of ['application/xml', 'application/xml; charset=UTF-8', 'text/xml', 'text/plain', 'application/x-www-form-urlencoded', 'Application/XML']) {
    test(`${type} is read as XML`, async () => {
      assert.equal((await put(LOGIN, { 'content-type': type })).status, 202);
    });
  }

  test('no Content-Type at all is read as XML', async () => {
    // fetch always labels a string body, so speak HTTP/1.1 directly.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.ports.http!, '127.0.0.1', () => {
        // write, not end: a half-closed client may lose its answer; Connection: close ends the exchange.
        socket.write(
          `PUT /finesse/api/User/agentA HTTP/1.1\r\nHost: x\r\nAuthorization: ${basic('agentA')}\r\nContent-Length: ${LOGIN.length}\r\nConnection: close\r\n\r\n${LOGIN}`,
        );
      });
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 202 /);
  });
});

describe('after all of that', () => {
  test('the server still serves, and the invalid requests changed nothing', async () => {
    assert.equal(textAt(parseXml(await userText()), 'state'), 'LOGOUT');
    await stillServing();
    const health = await fetch(`${server.baseUrl}/openfinesse/health`);
    assert.equal(health.status, 200);
  });
});
