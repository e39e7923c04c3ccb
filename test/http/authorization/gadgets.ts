import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ACTOR_LABEL, AUTHENTICATED, type LoginId, PEOPLE, UNAUTHENTICATED, call, isSupervisor } from './world.js';

const FILES = '/openfinesse/api/gadgets/files';
const KEPT = 'matrix/kept.txt';

/**
 * Gadgets: the admin file API is for administrators only (a refused PUT or DELETE changes no file), the
 * effective layout for every signed-in user (his own role's layout), and the hosted files and the renderer
 * for anyone (an iframe cannot authenticate; nothing secret is there).
 */
export function gadgetCases(): void {
  describe('authorization matrix: gadgets', () => {
    before(async () => {
      const put = await call('admin', 'PUT', `${FILES}/${KEPT}`, 'kept');
      assert.ok(put.status === 201 || put.status === 204, put.body);
    });
    for (const actor of [...UNAUTHENTICATED, ...AUTHENTICATED]) {
      const refused = UNAUTHENTICATED.includes(actor) ? 'Authentication Failure' : PEOPLE[actor as LoginId].administrator ? null : 'Authorization Failure';
      const answer = refused === null ? '2xx' : `401 ${refused}`;
      const expectRefused = (status: number, body: string) => {
        assert.equal(status, 401, body);
        assert.equal((JSON.parse(body) as { error: { type: string } }).error.type, refused);
      };
      test(`${ACTOR_LABEL[actor]} × GET ${FILES} → ${answer}`, async () => {
        const r = await call(actor, 'GET', FILES);
        if (refused === null) assert.ok((JSON.parse(r.body) as { files: { path: string }[] }).files.some((f) => f.path === KEPT));
        else expectRefused(r.status, r.body);
      });
      test(`${ACTOR_LABEL[actor]} × PUT ${FILES}/{path} → ${refused === null ? '201' : answer}`, async () => {
        const path = `matrix/${actor}.txt`;
        const r = await call(actor, 'PUT', `${FILES}/${path}`, 'x');
        if (refused === null) return assert.equal(r.status, 201, r.body);
        expectRefused(r.status, r.body);
        assert.equal((await call('anonymous', 'GET', `/3rdpartygadget/files/${path}`)).status, 404, 'the refused PUT wrote the file');
      });
      test(`${ACTOR_LABEL[actor]} × DELETE ${FILES}/{path} → ${refused === null ? 'not run (it would delete the file)' : answer}`, {
        skip: refused === null,
      }, async () => {
        const r = await call(actor, 'DELETE', `${FILES}/${KEPT}`);
        expectRefused(r.status, r.body);
        assert.equal((await call('anonymous', 'GET', `/3rdpartygadget/files/${KEPT}`)).status, 200, 'the refused DELETE removed the file');
      });
      const signedIn = !UNAUTHENTICATED.includes(actor);
      test(`${ACTOR_LABEL[actor]} × GET /openfinesse/desktop/layout → ${signedIn ? '200' : '401 Authentication Failure'}`, async () => {
        const r = await call(actor, 'GET', '/openfinesse/desktop/layout');
        if (!signedIn) {
          assert.equal(r.status, 401, r.body);
          return assert.equal((JSON.parse(r.body) as { error: { type: string } }).error.type, 'Authentication Failure');
        }
        assert.equal(r.status, 200, r.body);
        assert.equal((JSON.parse(r.body) as { role: string }).role, isSupervisor(actor as LoginId) ? 'Supervisor' : 'Agent');
      });
      test(`${ACTOR_LABEL[actor]} × GET /3rdpartygadget/files/{path} and /gadgets/ifr → public`, async () => {
        assert.equal((await call(actor, 'GET', `/3rdpartygadget/files/${KEPT}`)).status, 200);
        const rendered = await call(actor, 'GET', `/gadgets/ifr?url=${encodeURIComponent('/3rdpartygadget/files/matrix/none.xml')}`);
        assert.equal(rendered.status, 404);
        assert.match(rendered.headers.get('content-type') ?? '', /^text\/html/);
      });
    }
  });
}
