import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ACTOR_LABEL, AUTHENTICATED, CALLER, type LoginId, PEOPLE, UNAUTHENTICATED, call, liveDialog, wordRegExp } from './world.js';

const provisioningSnapshot = async (): Promise<string> =>
  (await Promise.all(['/users', '/teams'].map(async (path) => (await call('admin', 'GET', `/openfinesse/api${path}`)).body))).join('\n');
let provisioningBefore = '';

/** The provisioning API: administrators only, whatever the method; a refused write changes nothing. */
const PROVISIONING_ROUTES: readonly (readonly [string, string, unknown?])[] = [
  ['GET', '/users'],
  ['GET', '/users/agentA'],
  ['POST', '/users', { loginId: 'matrixUser', password: 'x' }],
  ['PUT', '/users/agentA', { firstName: 'Changed' }],
  ['DELETE', '/users/agentB'],
  ['GET', '/teams'],
  ['GET', '/teams/1'],
  ['POST', '/teams', { name: 'Matrix team' }],
  ['PUT', '/teams/1', { name: 'Changed' }],
  ['DELETE', '/teams/2'],
];

/** The control API (calls, audit, provisioning) and health: administrators only, health for everyone. */
export function controlApiCases(): void {
  describe('authorization matrix: control API and health', () => {
    before(async () => {
      provisioningBefore = await provisioningSnapshot();
    });
    for (const actor of [...UNAUTHENTICATED, ...AUTHENTICATED]) {
      const expected = UNAUTHENTICATED.includes(actor) ? 'Authentication Failure' : PEOPLE[actor as LoginId].administrator ? null : 'Authorization Failure';
      test(`${ACTOR_LABEL[actor]} × GET /openfinesse/api/calls → ${expected === null ? '200' : `401 ${expected}`}`, async () => {
        const result = await call(actor, 'GET', '/openfinesse/api/calls');
        assert.equal(result.status, expected === null ? 200 : 401, result.body);
        assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
        const json = JSON.parse(result.body) as { active?: { id: string }[]; error?: { type: string } };
        if (expected === null) {
          assert.ok(
            json.active?.some((c) => JSON.stringify(c).includes(CALLER)),
            result.body,
          );
          return;
        }
        assert.equal(json.error?.type, expected);
        for (const secret of [CALLER, liveDialog(), 'agentA', '1001']) {
          if (secret === 'agentA' && actor === 'wrongPassword') continue;
          assert.doesNotMatch(JSON.stringify({ ...json, error: { ...json.error, data: undefined } }), wordRegExp(secret), `reveals ${secret}`);
        }
      });
      test(`${ACTOR_LABEL[actor]} × GET /openfinesse/api/audit → ${expected === null ? '200' : `401 ${expected}`}`, async () => {
        const result = await call(actor, 'GET', '/openfinesse/api/audit?limit=5');
        assert.equal(result.status, expected === null ? 200 : 401, result.body);
        assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
        const json = JSON.parse(result.body) as { entries?: unknown[]; error?: { type: string } };
        if (expected === null) assert.ok(Array.isArray(json.entries), result.body);
        else assert.deepEqual(Object.keys(json), ['error'], 'a refused answer carries no entries');
        if (expected !== null) assert.equal(json.error?.type, expected);
      });
      for (const [method, path, body] of PROVISIONING_ROUTES) {
        const answer = expected === null ? (method === 'GET' ? '200' : 'not run (it would change the site)') : `401 ${expected}`;
        test(`${ACTOR_LABEL[actor]} × ${method} /openfinesse/api${path} → ${answer}`, { skip: expected === null && method !== 'GET' }, async () => {
          const result = await call(actor, method, `/openfinesse/api${path}`, body === undefined ? undefined : JSON.stringify(body));
          assert.equal(result.status, expected === null ? 200 : 401, result.body);
          const json = JSON.parse(result.body) as { error?: { type: string } };
          if (expected !== null) {
            assert.deepEqual(Object.keys(json), ['error'], 'a refused answer carries no users or teams');
            assert.equal(json.error?.type, expected);
            if (method !== 'GET') assert.equal(await provisioningSnapshot(), provisioningBefore, 'the refused request changed the site');
          }
        });
      }
      test(`${ACTOR_LABEL[actor]} × GET /openfinesse/health → 200`, async () => {
        const result = await call(actor, 'GET', '/openfinesse/health');
        assert.equal(result.status, 200, result.body);
      });
    }
  });
}
