/**
 * The MediaPropertiesLayout configuration API (admin reference §5, §1, §15): the DEFAULT layout (read,
 * edited, never deleted) and CUSTOM layouts (list, get, create 200 + Location, partial update, delete);
 * the limits (name ≤ 40 and unique, description ≤ 128, one header entry, ≤ 2 columns × 10 entries,
 * displayName ≤ 50), the 12.x entry flags, every documented error with nothing changed, the team
 * assignment (`/Team/{id}/MediaPropertiesLayout`, falling back to DEFAULT when its layout is deleted),
 * who may call it, and the audit log.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer } from '../support/config-api.js';
import { createLayout, layoutBody, layoutOf, variable } from '../support/layouts.js';
import { assertApiError, childNames, leaves } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;

const names = async () => (await api.read('admin', '/MediaPropertiesLayouts')).children.map((c) => leaves(c).name);
const teamLayout = async (team: string) => leaves(await api.read('admin', `/Team/${team}/MediaPropertiesLayout`)).name;
const assign = (team: string, id: string) =>
  api.call(
    'admin',
    'PUT',
    `/Team/${team}/MediaPropertiesLayout`,
    `<MediaPropertiesLayout><uri>/finesse/api/MediaPropertiesLayout/${id}</uri></MediaPropertiesLayout>`,
  );

describe('The DEFAULT layout', () => {
  test('listed first, at /MediaPropertiesLayout/default: one header entry, two columns, the 12.x flags', async () => {
    const list = await api.read('admin', '/MediaPropertiesLayouts');
    assert.equal(list.name, 'MediaPropertiesLayouts');
    const first = list.children[0]!;
    assert.deepEqual(leaves(first), {
      uri: '/finesse/api/MediaPropertiesLayout/default',
      name: 'Default Layout',
      description: 'The layout of every team without a layout of its own',
      type: 'DEFAULT',
    });
    const read = await api.read('admin', '/MediaPropertiesLayout/default');
    assert.deepEqual(childNames(read), ['uri', 'name', 'description', 'type', 'header', 'column', 'column']);
    const layout = layoutOf(read);
    assert.deepEqual(layout.header, ['Dialed Number=DNIS']);
    assert.deepEqual(
      layout.columns[0],
      [1, 2, 3, 4, 5].map((n) => `Call Variable ${n}=callVariable${n}`),
    );
    assert.deepEqual(
      layout.columns[1],
      [6, 7, 8, 9, 10].map((n) => `Call Variable ${n}=callVariable${n}`),
    );
    assert.deepEqual(childNames(read.children[4]!.children[0]!), ['displayName', 'mediaProperty', 'showInPopOver', 'uiEditable']);
    assert.deepEqual(leaves(read.children[4]!.children[0]!), {
      displayName: 'Dialed Number',
      mediaProperty: 'DNIS',
      showInPopOver: 'false',
      uiEditable: 'false',
    });
  });

  test('editable (partially; type DEFAULT may be sent), stored; not deletable (400 Finesse API Error)', async () => {
    await api.change(
      'PUT',
      '/MediaPropertiesLayout/default',
      layoutBody({ type: 'DEFAULT', header: [{ displayName: 'Customer', mediaProperty: 'callVariable1', showInPopOver: true }] }),
    );
    const read = layoutOf(await api.read('admin', '/MediaPropertiesLayout/default'));
    assert.deepEqual(read.header, ['Customer=callVariable1']);
    assert.equal(read.fields.name, 'Default Layout');
    assert.equal(read.columns.length, 2);
    const stored = (await suite.server.store.loadMediaPropertiesLayouts()).find((l) => l.type === 'DEFAULT');
    assert.deepEqual(stored?.header, [{ displayName: 'Customer', mediaProperty: 'callVariable1', showInPopOver: true, uiEditable: false }]);
    assertApiError(await api.call('admin', 'DELETE', '/MediaPropertiesLayout/default'), 400, 'Finesse API Error', { data: 'default' });
    assertApiError(await api.call('admin', 'PUT', '/MediaPropertiesLayout/default', layoutBody({ type: 'CUSTOM' })), 400, 'Bad Request', { data: 'CUSTOM' });
    assert.equal((await names())[0], 'Default Layout');
  });
});

describe('CUSTOM layouts: create, read, update, delete', () => {
  test('create: 200, empty body, Location; read back whole; POST /MediaPropertiesLayouts is the same', async () => {
    const id = await api.create(
      '/MediaPropertiesLayout',
      layoutBody({
        name: 'Sales layout',
        description: 'Layout for sales',
        header: [{ displayName: 'Customer Name', mediaProperty: 'callVariable1', showInPopOver: false, uiEditable: true }],
        columns: [[variable(2, 'Order')], [{ displayName: 'Customer Acct#', mediaProperty: 'user.cisco.acctnum' }]],
      }),
    );
    const read = await api.read('admin', `/MediaPropertiesLayout/${id}`);
    assert.equal(read.name, 'MediaPropertiesLayout');
    assert.deepEqual(layoutOf(read), {
      fields: { uri: `/finesse/api/MediaPropertiesLayout/${id}`, name: 'Sales layout', description: 'Layout for sales', type: 'CUSTOM' },
      header: ['Customer Name=callVariable1'],
      columns: [['Order=callVariable2'], ['Customer Acct#=user.cisco.acctnum']],
    });
    assert.equal(leaves(read.children[4]!.children[0]!).uiEditable, 'true');
    assert.ok((await names()).includes('Sales layout'));
    const other = await api.create('/MediaPropertiesLayouts', layoutBody({ name: 'No columns', type: 'CUSTOM', header: [variable(1)] }));
    const bare = layoutOf(await api.read('admin', `/MediaPropertiesLayout/${other}`));
    assert.deepEqual([bare.fields.description, bare.columns], ['', []]);
  });

  test('update is partial; columns are replaced together; delete removes it and its id is not handed out again', async () => {
    const id = await createLayout(api, 'Partial');
    await api.change('PUT', `/MediaPropertiesLayout/${id}`, layoutBody({ uri: `/finesse/api/MediaPropertiesLayout/${id}`, description: 'Changed' }));
    let read = layoutOf(await api.read('admin', `/MediaPropertiesLayout/${id}`));
    assert.deepEqual([read.fields.name, read.fields.description, read.columns], ['Partial', 'Changed', [['Var 1=callVariable1'], ['Var 2=callVariable2']]]);
    await api.change('PUT', `/MediaPropertiesLayout/${id}`, layoutBody({ columns: [[variable(7), { displayName: '', mediaProperty: 'BACampaign' }]] }));
    read = layoutOf(await api.read('admin', `/MediaPropertiesLayout/${id}`));
    assert.deepEqual(read.columns, [['Var 7=callVariable7', '=BACampaign']]);
    assert.deepEqual(read.header, ['Account=callVariable3']);
    await api.change('DELETE', `/MediaPropertiesLayout/${id}`);
    assertApiError(await api.call('admin', 'GET', `/MediaPropertiesLayout/${id}`), 404, 'Not Found', { data: id });
    const next = await createLayout(api, 'After delete');
    assert.ok(Number(next) > Number(id));
  });

  test('unknown ids are 404 Not Found on GET, PUT and DELETE (before the body is read)', async () => {
    assertApiError(await api.call('admin', 'GET', '/MediaPropertiesLayout/4040'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'PUT', '/MediaPropertiesLayout/4040', '<Nonsense/>'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'DELETE', '/MediaPropertiesLayout/4040'), 404, 'Not Found', { data: '4040' });
  });
});

describe('Validation: each limit and documented error, nothing changed', () => {
  const post = (body: string) => api.call('admin', 'POST', '/MediaPropertiesLayout', body);
  const h = [variable(1)];

  test('name required, 1–40 characters; description ≤ 128 → 400 Bad Request; the maxima themselves are accepted', async () => {
    const before = await names();
    assertApiError(await post(layoutBody({ header: h })), 400, 'Bad Request', { data: 'name' });
    assertApiError(await post(layoutBody({ name: 'n'.repeat(41), header: h })), 400, 'Bad Request', { data: 'n'.repeat(41) });
    assertApiError(await post(layoutBody({ name: 'Long description', description: 'd'.repeat(129), header: h })), 400, 'Bad Request', { data: 'description' });
    assertApiError(await post(layoutBody({ name: 'Default type', type: 'DEFAULT', header: h })), 400, 'Bad Request', { data: 'DEFAULT' });
    assertApiError(await post(''), 400, 'Bad Request');
    assertApiError(await post('<PhoneBook><name>x</name></PhoneBook>'), 400, 'Bad Request');
    assert.deepEqual(await names(), before);
    const id = await api.create('/MediaPropertiesLayout', layoutBody({ name: 'é'.repeat(40), description: 'd'.repeat(128), header: h }));
    assert.equal(leaves(await api.read('admin', `/MediaPropertiesLayout/${id}`)).name, 'é'.repeat(40));
    await api.change('DELETE', `/MediaPropertiesLayout/${id}`);
  });

  test('exactly one header entry; at most 2 columns of at most 10 entries; displayName ≤ 50; a known mediaProperty; boolean flags', async () => {
    const before = await names();
    const ten = Array.from({ length: 10 }, (_, i) => variable(i + 1));
    assertApiError(await post(layoutBody({ name: 'No header' })), 400, 'Bad Request', { data: 'header' });
    assertApiError(await post(layoutBody({ name: 'Empty header', header: [] })), 400, 'Bad Request', { data: 'header' });
    assertApiError(await post(layoutBody({ name: 'Two headers', header: [variable(1), variable(2)] })), 400, 'Bad Request', { data: 'header' });
    assertApiError(await post(layoutBody({ name: 'Three columns', header: h, columns: [[], [], []] })), 400, 'Bad Request', { data: 'column' });
    assertApiError(await post(layoutBody({ name: 'Eleven', header: h, columns: [[...ten, variable(1)]] })), 400, 'Bad Request', { data: 'column' });
    assertApiError(await post(layoutBody({ name: 'Long label', header: [variable(1, 'x'.repeat(51))] })), 400, 'Bad Request', { data: 'x'.repeat(51) });
    assertApiError(await post(layoutBody({ name: 'No property', header: [{ displayName: 'x', mediaProperty: '' }] })), 400, 'Bad Request', {
      data: 'mediaProperty',
    });
    assertApiError(await post(layoutBody({ name: 'Bad property', header: [{ displayName: 'x', mediaProperty: 'callVariable11' }] })), 400, 'Bad Request', {
      data: 'callVariable11',
    });
    assertApiError(
      await post(
        '<MediaPropertiesLayout><name>Bad flag</name><header><entry><mediaProperty>DNIS</mediaProperty><uiEditable>maybe</uiEditable></entry></header></MediaPropertiesLayout>',
      ),
      400,
      'Bad Request',
      { data: 'maybe' },
    );
    assert.deepEqual(await names(), before);
    const id = await api.create('/MediaPropertiesLayout', layoutBody({ name: 'Full', header: [variable(1, 'y'.repeat(50))], columns: [ten, ten] }));
    const full = layoutOf(await api.read('admin', `/MediaPropertiesLayout/${id}`));
    assert.deepEqual(
      full.columns.map((c) => c.length),
      [10, 10],
    );
    await api.change('DELETE', `/MediaPropertiesLayout/${id}`);
  });

  test('a PUT with no updatable field is 400 Invalid Input; a bad value 400 Bad Request; the layout is unchanged', async () => {
    const id = await createLayout(api, 'Stays');
    const before = layoutOf(await api.read('admin', `/MediaPropertiesLayout/${id}`));
    assertApiError(
      await api.call('admin', 'PUT', `/MediaPropertiesLayout/${id}`, layoutBody({ uri: `/finesse/api/MediaPropertiesLayout/${id}` })),
      400,
      'Invalid Input',
    );
    assertApiError(await api.call('admin', 'PUT', `/MediaPropertiesLayout/${id}`, layoutBody({ name: '' })), 400, 'Bad Request', { data: 'name' });
    assertApiError(await api.call('admin', 'PUT', `/MediaPropertiesLayout/${id}`, layoutBody({ header: [] })), 400, 'Bad Request', { data: 'header' });
    assertApiError(await api.call('admin', 'PUT', `/MediaPropertiesLayout/${id}`, layoutBody({ type: 'DEFAULT' })), 400, 'Bad Request', { data: 'DEFAULT' });
    assert.deepEqual(layoutOf(await api.read('admin', `/MediaPropertiesLayout/${id}`)), before);
  });

  test('the name is unique among all layouts, DEFAULT included (create and rename) → 400 Finesse API Error', async () => {
    await createLayout(api, 'Unique layout');
    const other = await createLayout(api, 'Other layout');
    const before = await names();
    assertApiError(await post(layoutBody({ name: 'Unique layout', header: h })), 400, 'Finesse API Error', { data: 'Unique layout' });
    assertApiError(await post(layoutBody({ name: 'Default Layout', header: h })), 400, 'Finesse API Error', { data: 'Default Layout' });
    assertApiError(await api.call('admin', 'PUT', `/MediaPropertiesLayout/${other}`, layoutBody({ name: 'Unique layout' })), 400, 'Finesse API Error');
    assert.deepEqual(await names(), before);
  });
});

describe('Team assignment (GET|PUT /Team/{id}/MediaPropertiesLayout)', () => {
  test('a team has DEFAULT until given a CUSTOM layout; DEFAULT’s uri takes it away; deleting the layout falls back to DEFAULT', async () => {
    const id = await createLayout(api, 'Team layout');
    assert.equal(await teamLayout('1'), 'Default Layout');
    assert.equal((await assign('1', id)).status, 200);
    assert.equal((await assign('2', id)).status, 200);
    assert.equal(await teamLayout('1'), 'Team layout');
    assert.deepEqual((await suite.server.store.loadMediaPropertiesLayouts()).find((l) => l.id === id)?.teamIds, ['1', '2']);
    assert.equal((await assign('2', 'default')).status, 200);
    assert.equal(await teamLayout('2'), 'Default Layout');
    const second = await createLayout(api, 'Second team layout');
    await assign('2', second);
    assert.equal(await teamLayout('2'), 'Second team layout');
    await api.change('DELETE', `/MediaPropertiesLayout/${id}`);
    assert.equal(await teamLayout('1'), 'Default Layout');
    assert.equal(await teamLayout('2'), 'Second team layout');
    await assign('2', 'default');
  });

  test('unknown team 404 (team-assignment error); unknown layout 400 Finesse API Error; a bad uri 400 Bad Request; nothing changes', async () => {
    const id = await createLayout(api, 'Assign check');
    await assign('2', id);
    assertApiError(await api.call('admin', 'GET', '/Team/574/MediaPropertiesLayout'), 404, 'finesse.api.team.team_assignment_invalid_team', { data: '574' });
    assertApiError(await assign('574', id), 404, 'finesse.api.team.team_assignment_invalid_team', { data: '574' });
    assertApiError(await assign('2', '4040'), 400, 'Finesse API Error', { data: '4040' });
    const put = (body: string) => api.call('admin', 'PUT', '/Team/2/MediaPropertiesLayout', body);
    assertApiError(await put('<MediaPropertiesLayout><uri>/finesse/api/PhoneBook/1</uri></MediaPropertiesLayout>'), 400, 'Bad Request');
    assertApiError(await put('<MediaPropertiesLayout/>'), 400, 'Bad Request', { data: 'uri' });
    assertApiError(await put('<PhoneBooks/>'), 400, 'Bad Request');
    assert.equal(await teamLayout('2'), 'Assign check');
    await assign('2', 'default');
  });
});

describe('Who may change layouts, and the audit log', () => {
  test('agents and supervisors get 401 Authorization Failure on every admin call; nothing changes', async () => {
    const id = await createLayout(api, 'Admins only');
    const before = await names();
    for (const actor of ['agentA', 'supervisorA']) {
      assertApiError(await api.call(actor, 'GET', '/MediaPropertiesLayouts'), 401, 'Authorization Failure', { data: actor });
      assertApiError(await api.call(actor, 'GET', `/MediaPropertiesLayout/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'GET', '/MediaPropertiesLayout/default'), 401, 'Authorization Failure');
      assertApiError(
        await api.call(actor, 'POST', '/MediaPropertiesLayout', layoutBody({ name: 'Mine', header: [variable(1)] })),
        401,
        'Authorization Failure',
      );
      assertApiError(await api.call(actor, 'PUT', `/MediaPropertiesLayout/${id}`, layoutBody({ name: 'Mine' })), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', '/MediaPropertiesLayout/default', layoutBody({ name: 'Mine' })), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'DELETE', `/MediaPropertiesLayout/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'GET', '/Team/1/MediaPropertiesLayout'), 401, 'Authorization Failure');
      assertApiError(
        await api.call(
          actor,
          'PUT',
          '/Team/1/MediaPropertiesLayout',
          `<MediaPropertiesLayout><uri>/finesse/api/MediaPropertiesLayout/${id}</uri></MediaPropertiesLayout>`,
        ),
        401,
        'Authorization Failure',
      );
    }
    assert.deepEqual(await names(), before);
    assert.notEqual(await teamLayout('1'), 'Admins only');
  });

  test('each change is in the audit log with who, what, before and after', async () => {
    const id = await createLayout(api, 'Audited');
    await api.change('PUT', `/MediaPropertiesLayout/${id}`, layoutBody({ name: 'Audited 2' }));
    await assign('1', id);
    await api.change('DELETE', `/MediaPropertiesLayout/${id}`);
    const entries = await suite.server.store.loadAudit({ limit: 200 });
    const mine = entries.filter((e) => e.resource === 'MediaPropertiesLayout' && e.resourceId === id).map((e) => [e.action, e.actor]);
    assert.deepEqual(mine, [
      ['delete', 'admin'],
      ['update', 'admin'],
      ['create', 'admin'],
    ]);
    const deleted = entries.find((e) => e.resource === 'MediaPropertiesLayout' && e.action === 'delete' && e.resourceId === id)!;
    assert.deepEqual([JSON.parse(deleted.before!).name, JSON.parse(deleted.before!).teamIds], ['Audited 2', ['1']]);
    const assigned = entries.find((e) => e.resource === 'Team/MediaPropertiesLayout' && e.resourceId === '1' && JSON.parse(e.after!).layoutId === id)!;
    assert.equal(assigned.action, 'assign');
    assert.deepEqual(JSON.parse(assigned.before!), { layoutId: 'default' });
    assert.ok(entries.some((e) => e.resource === 'MediaPropertiesLayout' && e.resourceId === 'default' && e.action === 'update'));
  });
});
