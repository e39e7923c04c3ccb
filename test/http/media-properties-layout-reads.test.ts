/**
 * What agents read of the call-variables layouts (main reference §8.4, admin reference §10, §15.3):
 * `/User/{id}/MediaPropertiesLayout` (the layout of the user's team: its CUSTOM one, else DEFAULT), the
 * same as a one-item list at `/User/{id}/MediaPropertiesLayouts`, and `/TeamResource/{team}/MediaPropertiesLayouts`
 * for the team's members. Assignments and edits show on the next read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConfigApi } from '../support/config-api.js';
import { configApi } from '../support/config-api.js';
import { freshServer } from '../support/fresh.js';
import { createLayout, layoutBody, layoutOf } from '../support/layouts.js';
import type { TestServer } from '../support/server.js';
import { assertApiError, childNames, leaves } from '../support/xml.js';

let server: TestServer;
let api: ConfigApi;
let teamA = '';
before(async () => {
  server = await freshServer();
  api = configApi(server.baseUrl);
  teamA = await createLayout(api, 'Team A layout', [
    [{ displayName: 'Customer', mediaProperty: 'callVariable1' }],
    [{ displayName: 'Account', mediaProperty: 'user.acct' }],
  ]);
  await api.change(
    'PUT',
    '/Team/1/MediaPropertiesLayout',
    `<MediaPropertiesLayout><uri>/finesse/api/MediaPropertiesLayout/${teamA}</uri></MediaPropertiesLayout>`,
  );
});
after(() => server.stop());

const layoutName = async (actor: string, path: string) => leaves(await api.read(actor, path)).name;

describe('GET /User/{id}/MediaPropertiesLayout(s)', () => {
  test('a member of a team with a CUSTOM layout reads it whole; other teams and users without a team read DEFAULT', async () => {
    const read = await api.read('agentA', '/User/agentA/MediaPropertiesLayout');
    assert.equal(read.name, 'MediaPropertiesLayout');
    assert.deepEqual(layoutOf(read), {
      fields: { uri: `/finesse/api/MediaPropertiesLayout/${teamA}`, name: 'Team A layout', description: 'Team A layout description', type: 'CUSTOM' },
      header: ['Account=callVariable3'],
      columns: [['Customer=callVariable1'], ['Account=user.acct']],
    });
    assert.equal(await layoutName('supervisorA', '/User/supervisorA/MediaPropertiesLayout'), 'Team A layout');
    assert.equal(await layoutName('agentC', '/User/agentC/MediaPropertiesLayout'), 'Default Layout');
    assert.equal(await layoutName('admin', '/User/admin/MediaPropertiesLayout'), 'Default Layout');
    // An administrator reads any user's.
    assert.equal(await layoutName('admin', '/User/agentB/MediaPropertiesLayout'), 'Team A layout');
  });

  test('the list form holds the one layout of the user', async () => {
    const list = await api.read('agentA', '/User/agentA/MediaPropertiesLayouts');
    assert.equal(list.name, 'MediaPropertiesLayouts');
    assert.deepEqual(childNames(list), ['MediaPropertiesLayout']);
    assert.equal(leaves(list.children[0]!).name, 'Team A layout');
    assert.equal(leaves((await api.read('agentC', '/User/agentC/MediaPropertiesLayouts')).children[0]!).type, 'DEFAULT');
  });

  test('another user’s layout: 401 Invalid Authorization User Specified; an unknown user (admin) 404', async () => {
    assertApiError(await api.call('agentA', 'GET', '/User/agentC/MediaPropertiesLayout'), 401, 'Invalid Authorization User Specified');
    assertApiError(await api.call('supervisorA', 'GET', '/User/agentA/MediaPropertiesLayouts'), 401, 'Invalid Authorization User Specified');
    assertApiError(await api.call('admin', 'GET', '/User/ghost/MediaPropertiesLayout'), 404, 'User Not Found');
  });

  test('changes show on the next read: an edit of DEFAULT, a new assignment, a deleted layout', async () => {
    await api.change('PUT', '/MediaPropertiesLayout/default', layoutBody({ name: 'House layout' }));
    assert.equal(await layoutName('agentC', '/User/agentC/MediaPropertiesLayout'), 'House layout');
    const teamB = await createLayout(api, 'Team B layout');
    await api.change(
      'PUT',
      '/Team/2/MediaPropertiesLayout',
      `<MediaPropertiesLayout><uri>/finesse/api/MediaPropertiesLayout/${teamB}</uri></MediaPropertiesLayout>`,
    );
    assert.equal(await layoutName('agentC', '/User/agentC/MediaPropertiesLayout'), 'Team B layout');
    await api.change('DELETE', `/MediaPropertiesLayout/${teamB}`);
    assert.equal(await layoutName('agentC', '/User/agentC/MediaPropertiesLayout'), 'House layout');
  });
});

describe('GET /TeamResource/{team}/MediaPropertiesLayouts', () => {
  test('members (agents and supervisors) and administrators read the team’s layout; others 401; an unknown team 404', async () => {
    for (const actor of ['agentA', 'supervisorA', 'admin']) {
      const list = await api.read(actor, '/TeamResource/1/MediaPropertiesLayouts');
      assert.equal(list.name, 'MediaPropertiesLayouts');
      assert.deepEqual(
        list.children.map((c) => leaves(c).name),
        ['Team A layout'],
      );
    }
    assertApiError(await api.call('agentC', 'GET', '/TeamResource/1/MediaPropertiesLayouts'), 401, 'Authorization Failure', { data: 'agentC' });
    assertApiError(await api.call('agentA', 'GET', '/TeamResource/2/MediaPropertiesLayouts'), 401, 'Authorization Failure');
    assertApiError(await api.call('admin', 'GET', '/TeamResource/99/MediaPropertiesLayouts'), 404, 'Not Found', { data: '99' });
  });
});

describe('PUT /User/{id}/MediaPropertiesLayout (how the 10.x console saved the layout)', () => {
  test('an administrator edits the layout that user reads: his team’s CUSTOM one, else DEFAULT; agents 401; unknown user 404', async () => {
    await api.change('PUT', '/User/agentB/MediaPropertiesLayout', layoutBody({ header: [{ displayName: 'Caller', mediaProperty: 'callVariable4' }] }));
    assert.deepEqual(layoutOf(await api.read('agentA', '/User/agentA/MediaPropertiesLayout')).header, ['Caller=callVariable4']);
    assert.equal(layoutOf(await api.read('admin', `/MediaPropertiesLayout/${teamA}`)).header[0], 'Caller=callVariable4');
    await api.change('PUT', '/User/agentC/MediaPropertiesLayout', layoutBody({ description: 'Edited through a user' }));
    assert.equal(leaves(await api.read('admin', '/MediaPropertiesLayout/default')).description, 'Edited through a user');
    const before = await api.read('admin', '/MediaPropertiesLayouts');
    assertApiError(await api.call('agentA', 'PUT', '/User/agentA/MediaPropertiesLayout', layoutBody({ name: 'Mine' })), 401, 'Authorization Failure', {
      data: 'agentA',
    });
    assertApiError(await api.call('admin', 'PUT', '/User/ghost/MediaPropertiesLayout', layoutBody({ name: 'Ghost' })), 404, 'User Not Found');
    assertApiError(await api.call('admin', 'PUT', '/User/agentA/MediaPropertiesLayout', layoutBody({ header: [] })), 400, 'Bad Request', { data: 'header' });
    assert.deepEqual(await api.read('admin', '/MediaPropertiesLayouts'), before);
  });
});
