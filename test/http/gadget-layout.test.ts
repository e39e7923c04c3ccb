/**
 * `GET /openfinesse/desktop/layout` (gadget reference §6): the caller's effective layout as JSON — the
 * team's own layout unless it uses the default, the Supervisor layout for supervisors and the Agent one
 * otherwise, built-in gadget URLs named, tabs as columns — read fresh after every administrator change.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer } from '../support/config-api.js';
import { request } from '../support/http.js';
import { layoutConfigBody, teamLayoutConfigBody } from '../support/layouts.js';

const suite = configTestServer();
const { api } = suite;

async function layoutOf(user: string) {
  const r = await request(suite.server.baseUrl, 'GET', '/openfinesse/desktop/layout', { user });
  assert.equal(r.status, 200, r.body);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  return JSON.parse(r.body);
}

const builtIn = (url: string, name: string) => ({ url, builtIn: name, id: null, maxRows: null });

const COLUMNS_LAYOUT = `<finesseLayout xmlns="http://www.cisco.com/vtg/finesse"><version>1201.0</version>
  <configs><config key="title" value="Sales desk"/><config key="logo" value="/3rdpartygadget/files/logo.png"/></configs>
  <header>
    <leftAlignedColumns><headercolumn width="300px"><component id="logo"><url>/desktop/scripts/js/logo.js</url></component></headercolumn></leftAlignedColumns>
    <rightAlignedColumns><headercolumn width="200px"><component id="agentVoiceState"><url>/desktop/scripts/js/agentVoiceState.js</url></component></headercolumn></rightAlignedColumns>
  </header>
  <layout><role>Agent</role>
    <page><gadget>/desktop/scripts/js/callcontrol.js</gadget></page>
    <tabs><tab><id>sales</id><icon>/3rdpartygadget/files/icon.png</icon><label>Sales</label>
      <columns>
        <column><gadgets><gadget id="crm" maxRows="5">/3rdpartygadget/files/crm/CRM.xml?mode=full&amp;x=1</gadget></gadgets></column>
        <column><gadgets><gadget>/desktop/scripts/js/queueStatistics.js</gadget><gadget>/3rdpartygadget/files/notes.xml</gadget></gadgets></column>
      </columns>
    </tab></tabs>
  </layout>
</finesseLayout>`;

describe('GET /openfinesse/desktop/layout', () => {
  test('the stock default layout: an agent gets the Agent layout, built-in gadgets named, one column per plain tab', async () => {
    const layout = await layoutOf('agentA');
    assert.deepEqual(layout, {
      role: 'Agent',
      source: 'default',
      title: null,
      logo: null,
      header: { left: [], right: [] },
      page: [builtIn('/desktop/scripts/js/callcontrol.js', 'callControl')],
      tabs: [
        {
          id: 'home',
          label: 'finesse.container.tabs.agent.homeLabel',
          icon: null,
          columns: [[builtIn('/desktop/scripts/js/queueStatistics.js', 'queueStatistics')]],
        },
        {
          id: 'myHistory',
          label: 'finesse.container.tabs.agent.myHistoryLabel',
          icon: null,
          columns: [
            [
              builtIn('/desktop/scripts/js/recentCallHistory.js', 'recentCallHistory'),
              builtIn('/desktop/scripts/js/recentStateHistory.js', 'recentStateHistory'),
            ],
          ],
        },
      ],
    });
  });

  test('a supervisor gets the Supervisor layout; an administrator without a team the default Agent one', async () => {
    const supervisor = await layoutOf('supervisorA');
    assert.equal(supervisor.role, 'Supervisor');
    assert.deepEqual(
      supervisor.tabs.map((t: { id: string }) => t.id),
      ['home', 'myHistory', 'teamMessages'],
    );
    assert.equal(supervisor.tabs[2].columns[0][0].builtIn, 'teamMessage');
    const admin = await layoutOf('admin');
    assert.equal(admin.role, 'Agent');
    assert.equal(admin.source, 'default');
  });

  test("a team's own layout (columns, header components, configs) for its members only; a supervisor without a Supervisor layout gets the Agent one", async () => {
    await api.change('PUT', '/Team/1/LayoutConfig', teamLayoutConfigBody('false', COLUMNS_LAYOUT));
    const layout = await layoutOf('agentA');
    assert.equal(layout.source, 'team');
    assert.equal(layout.title, 'Sales desk');
    assert.equal(layout.logo, '/3rdpartygadget/files/logo.png');
    assert.deepEqual(layout.header, {
      left: [{ url: '/desktop/scripts/js/logo.js', builtIn: 'logo', id: 'logo', maxRows: null }],
      right: [{ url: '/desktop/scripts/js/agentVoiceState.js', builtIn: 'agentVoiceState', id: 'agentVoiceState', maxRows: null }],
    });
    assert.deepEqual(layout.tabs, [
      {
        id: 'sales',
        label: 'Sales',
        icon: '/3rdpartygadget/files/icon.png',
        columns: [
          [{ url: '/3rdpartygadget/files/crm/CRM.xml?mode=full&x=1', builtIn: null, id: 'crm', maxRows: 5 }],
          [
            builtIn('/desktop/scripts/js/queueStatistics.js', 'queueStatistics'),
            { url: '/3rdpartygadget/files/notes.xml', builtIn: null, id: null, maxRows: null },
          ],
        ],
      },
    ]);
    const supervisor = await layoutOf('supervisorA');
    assert.equal(supervisor.source, 'team');
    assert.equal(supervisor.role, 'Supervisor');
    assert.equal(supervisor.tabs[0].id, 'sales');
    assert.equal((await layoutOf('agentC')).source, 'default');

    await api.change('PUT', '/Team/1/LayoutConfig', teamLayoutConfigBody('true'));
    assert.equal((await layoutOf('agentA')).source, 'default');
  });

  test("an administrator's change of the default layout shows on the next read", async () => {
    const xml = COLUMNS_LAYOUT.replace('Sales desk', 'Everyone');
    await api.change('PUT', '/LayoutConfig/default', layoutConfigBody(xml));
    const layout = await layoutOf('agentC');
    assert.equal(layout.source, 'default');
    assert.equal(layout.title, 'Everyone');
  });

  test('Basic auth required: none or a wrong password is 401 (JSON)', async () => {
    const none = await request(suite.server.baseUrl, 'GET', '/openfinesse/desktop/layout');
    assert.equal(none.status, 401);
    assert.equal(JSON.parse(none.body).error.type, 'Authentication Failure');
    const wrong = await request(suite.server.baseUrl, 'GET', '/openfinesse/desktop/layout', { user: 'agentA', password: 'nope' });
    assert.equal(wrong.status, 401);
  });
});
