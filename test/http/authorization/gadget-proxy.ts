import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACTOR_LABEL, AUTHENTICATED, type Actor, type LoginId, PEOPLE, UNAUTHENTICATED, credentials, server } from './world.js';

const headersOf = (actor: Actor, json: boolean): Record<string, string> => {
  const { user, password } = credentials(actor);
  return {
    ...(user === undefined ? {} : { authorization: `Basic ${Buffer.from(`${user}:${password ?? 'demo'}`).toString('base64')}` }),
    ...(json ? { 'content-type': 'application/json' } : {}),
  };
};

const allowList = (actor: Actor, method: 'GET' | 'PUT', body?: unknown) =>
  fetch(`${server().baseUrl}/openfinesse/api/gadgets/allowlist`, {
    method,
    headers: headersOf(actor, body !== undefined),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const proxied = (actor: Actor, path: string) =>
  fetch(`${server().baseUrl}/openfinesse/gadgets/proxy`, {
    method: 'POST',
    headers: { ...headersOf(actor, true), 'x-openfinesse-desktop': '1' },
    body: JSON.stringify({
      mid: 1,
      specUrl: 'http://gadgets.example/Matrix.xml',
      url: `${server().baseUrl}${path}`,
      method: 'GET',
      headers: headersOf(actor, false),
      body: null,
      getFullHeaders: false,
    }),
  });

const MATRIX_LIST = [
  { origin: 'https://crm.example.com', pathPrefix: '/api/', methods: ['GET'], specUrl: null, allowPrivate: false, forwardCredentials: false },
];

/**
 * The gadget allow-list (administrators only, like the rest of the control API) and the makeRequest
 * proxy (any signed-in user; what it reaches of this server the Finesse API's own rules decide, and the
 * control API is never reachable through it, not even for an administrator).
 */
export function gadgetProxyCases(): void {
  describe('authorization matrix: gadget allow-list and makeRequest proxy', () => {
    for (const actor of [...UNAUTHENTICATED, ...AUTHENTICATED]) {
      const signedIn = !UNAUTHENTICATED.includes(actor);
      const admin = signedIn && PEOPLE[actor as LoginId].administrator;
      const refusal = signedIn ? 'Authorization Failure' : 'Authentication Failure';
      test(`${ACTOR_LABEL[actor]} × GET and PUT /openfinesse/api/gadgets/allowlist → ${admin ? '200' : `401 ${refusal}`}`, async () => {
        const before = await (await allowList('admin', 'GET')).text();
        const read = await allowList(actor, 'GET');
        const write = await allowList(actor, 'PUT', { entries: admin ? JSON.parse(before).entries : MATRIX_LIST });
        for (const response of [read, write]) {
          assert.equal(response.status, admin ? 200 : 401);
          const json = (await response.json()) as { entries?: unknown; error?: { type: string } };
          if (!admin) {
            assert.deepEqual(Object.keys(json), ['error'], 'a refused answer carries no entries');
            assert.equal(json.error?.type, refusal);
          }
        }
        assert.equal(await (await allowList('admin', 'GET')).text(), before, 'the list is as it was');
      });
      const self = signedIn ? actor : 'agentA';
      test(`${ACTOR_LABEL[actor]} × POST /openfinesse/gadgets/proxy (own User, control API) → ${signedIn ? 'rc 200, rc 403' : '401'}`, async () => {
        const own = await proxied(actor, `/finesse/api/User/${self}`);
        const control = await proxied(actor, '/openfinesse/api/calls');
        if (!signedIn) {
          assert.equal(own.status, 401);
          assert.equal(control.status, 401);
          return;
        }
        assert.equal(own.status, 200);
        assert.equal(((await own.json()) as { rc: number }).rc, 200);
        assert.equal(control.status, 200);
        const refused = (await control.json()) as { rc: number; body: string };
        assert.deepEqual({ rc: refused.rc, body: refused.body }, { rc: 403, body: '' });
      });
    }
  });
}
