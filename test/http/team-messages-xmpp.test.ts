/**
 * Team messages live over XMPP: the node `/finesse/api/Team/{team}/TeamMessages` is automatic for the
 * team's members and supervisors (no subscribe), a create is a POST and a delete or an expiry a DELETE on
 * it, with the exact Update envelope (data, event, requestId, source = the collection); other teams and
 * administrators who did not subscribe get nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from '../support/http.js';
import { createTeamMessage } from '../support/team-messages.js';
import type { XmppWatcher } from '../support/xmpp-updates.js';
import type { XmppCallServer } from '../telephony/support/calls.js';
import { startXmppCallServer } from '../telephony/support/calls.js';

const NODE = '/finesse/api/Team/1/TeamMessages';
let server: XmppCallServer;
const watchers: Record<string, XmppWatcher> = {};
before(async () => {
  server = await startXmppCallServer();
  for (const id of ['agentA', 'supervisorA', 'agentC', 'admin']) watchers[id] = await server.watch(id);
});
after(() => server.stop());

/** The Update of message `id`, created now or at `createdAt` (epoch ms). */
const envelope = (id: string, event: 'POST' | 'DELETE', content: string, duration: number, createdAt = server.clock.now()): string =>
  '<Update><data><teamMessages><TeamMessage>' +
  `<uri>/finesse/api/TeamMessage/${id}</uri><id>${id}</id>` +
  '<createdBy><id>supervisorA</id><firstName>Sara</firstName><lastName>Adams</lastName></createdBy>' +
  `<createdAt>${Math.floor(createdAt / 1000)}</createdAt><duration>${duration}</duration><content>${content}</content>` +
  '<teams><team>1</team></teams>' +
  `</TeamMessage></teamMessages></data><event>${event}</event><requestId></requestId><source>${NODE}</source></Update>`;

async function expectUpdates(loginId: string, expected: string[]): Promise<void> {
  const w = watchers[loginId]!;
  if (expected.length > 0) await w.until(expected.length, NODE);
  const updates = (await w.takeUpdates()).filter((u) => u.node.includes('TeamMessages'));
  assert.deepEqual(
    updates.map((u) => u.text),
    expected,
    loginId,
  );
  for (const u of updates) assert.equal(u.node, NODE);
}

test('a create reaches the team (POST, exact envelope, markup in the content escaped) and nobody else', async () => {
  for (const w of Object.values(watchers)) await w.takeUpdates();
  const id = await createTeamMessage(server.baseUrl, 'supervisorA', 30, 'Huddle <now> & then', ['1']);
  const expected = [envelope(id, 'POST', 'Huddle &lt;now&gt; &amp; then', 30)];
  await expectUpdates('agentA', expected);
  await expectUpdates('supervisorA', expected);
  await expectUpdates('agentC', []);
  await expectUpdates('admin', []);

  const r = await request(server.baseUrl, 'DELETE', `/finesse/api/TeamMessage/${id}`, { user: 'supervisorA' });
  assert.equal(r.status, 200);
  await expectUpdates('agentA', [envelope(id, 'DELETE', 'Huddle &lt;now&gt; &amp; then', 30)]);
});

test('an expiry is a DELETE on the node when the duration has passed (not before)', async () => {
  const createdAt = server.clock.now();
  const id = await createTeamMessage(server.baseUrl, 'supervisorA', 20, 'Short one', ['1']);
  await expectUpdates('agentA', [envelope(id, 'POST', 'Short one', 20)]);
  server.clock.advance(19_999);
  await expectUpdates('agentA', []);
  server.clock.advance(1);
  await expectUpdates('agentA', [envelope(id, 'DELETE', 'Short one', 20, createdAt)]);
});

test('an administrator who subscribes explicitly gets them too', async () => {
  await watchers.admin!.subscribe(NODE);
  const id = await createTeamMessage(server.baseUrl, 'supervisorA', 5, 'For admins too', ['1']);
  await expectUpdates('admin', [envelope(id, 'POST', 'For admins too', 5)]);
});
