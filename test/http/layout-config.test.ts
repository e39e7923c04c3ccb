/**
 * The desktop layout configuration (admin reference §9, §11): `GET|PUT /LayoutConfig/default` (the stock
 * `<finesseLayout>` until set; the document escaped in `<layoutxml>`), `GET|PUT /Team/{id}/LayoutConfig`
 * (`<TeamLayoutConfig>` with `useDefault`), and the team members' read `/TeamResource/{team}/LayoutConfig`.
 * Layouts are refused (400, nothing changed) when not well-formed, with a DOCTYPE or entities, larger than
 * 32 KiB, not a `<finesseLayout>`, or naming a gadget that is neither a hosted `/3rdpartygadget/files/`
 * file nor a built-in gadget. Every change is audited.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configTestServer } from '../support/config-api.js';
import { desktopLayout, layoutConfigBody, teamLayoutConfigBody } from '../support/layouts.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, childNames, leaves, parseXml } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;

const defaultXml = async () => leaves(await api.read('admin', '/LayoutConfig/default')).layoutxml!;
const teamConfig = async (team: string, actor = 'admin', path = `/Team/${team}/LayoutConfig`) => leaves(await api.read(actor, path));
const roles = (doc: XmlElement) => doc.children.filter((c) => c.name === 'layout').map((l) => leaves(l).role);

describe('GET|PUT /LayoutConfig/default', () => {
  test('the stock layout: a <finesseLayout> with an Agent and a Supervisor layout of built-in gadgets', async () => {
    const read = await api.read('admin', '/LayoutConfig/default');
    assert.equal(read.name, 'LayoutConfig');
    assert.deepEqual(childNames(read), ['uri', 'layoutxml']);
    assert.equal(leaves(read).uri, '/finesse/api/LayoutConfig/default');
    const doc = parseXml(leaves(read).layoutxml!);
    assert.equal(doc.name, 'finesseLayout');
    assert.equal(doc.attributes.xmlns, 'http://www.cisco.com/vtg/finesse');
    assert.deepEqual(roles(doc), ['Agent', 'Supervisor']);
    // The stock layout is itself accepted by the checks.
    await api.change('PUT', '/LayoutConfig/default', layoutConfigBody(leaves(read).layoutxml!));
  });

  test('PUT stores the document as sent (escaped in layoutxml); hosted files and built-in gadgets are accepted', async () => {
    const xml = desktopLayout([
      '/3rdpartygadget/files/sample/Sample.xml?mode=full&x=1',
      '/desktop/gadgets/QueueStatistics.jsp',
      '/desktop/scripts/js/teamPerformance.js',
    ]);
    await api.change('PUT', '/LayoutConfig/default', layoutConfigBody(xml));
    assert.equal(await defaultXml(), xml);
    // CDATA (not escaped) is read the same.
    const cdata = desktopLayout(['/3rdpartygadget/files/other.xml'], 'Other');
    await api.change('PUT', '/LayoutConfig/default', `<LayoutConfig><layoutxml><![CDATA[${cdata}]]></layoutxml></LayoutConfig>`);
    assert.equal(await defaultXml(), cdata);
  });

  test('refused with 400 Bad Request, the default unchanged: not well-formed, DOCTYPE/entities, too large, not finesseLayout, disallowed gadgets, missing', async () => {
    const current = await defaultXml();
    const put = (body: string) => api.call('admin', 'PUT', '/LayoutConfig/default', body);
    assertApiError(await put(layoutConfigBody('<finesseLayout><layout></finesseLayout>')), 400, 'Bad Request', { data: 'layoutxml' });
    assertApiError(
      await put(layoutConfigBody('<!DOCTYPE finesseLayout [<!ENTITY x SYSTEM "file:///etc/passwd">]><finesseLayout>&x;</finesseLayout>')),
      400,
      'Bad Request',
      { data: 'layoutxml' },
    );
    assertApiError(await put(layoutConfigBody('<finesseLayout>&unknown;</finesseLayout>')), 400, 'Bad Request', { data: 'layoutxml' });
    const big = desktopLayout(['/3rdpartygadget/files/a.xml'], 'x'.repeat(33 * 1024));
    assertApiError(await put(`<LayoutConfig><layoutxml><![CDATA[${big}]]></layoutxml></LayoutConfig>`), 400, 'Bad Request', { data: 'layoutxml' });
    assertApiError(await put(layoutConfigBody('<html><body/></html>')), 400, 'Bad Request', { data: 'html' });
    for (const gadget of [
      'https://gadgets.example.com/evil.xml',
      '//gadgets.example.com/evil.xml',
      '/3rdpartygadget/files/../../etc/passwd',
      '/3rdpartygadget/files/%2e%2e/%2E%2E/finesse/api/Users',
      '/3rdpartygadget/files/.%2e/x.xml',
      '/3rdpartygadget/files/a\\..\\b.xml',
      '/3rdpartygadget/files/./x.xml',
      '/3rdpartygadget/files/',
      '/desktop/scripts/js/unknown.js',
      'javascript:alert(1)',
      '',
    ]) {
      assertApiError(await put(layoutConfigBody(desktopLayout([gadget]))), 400, 'Bad Request', { data: gadget });
    }
    const header = `<finesseLayout><header><rightAlignedColumns><headercolumn><component id="x"><url>https://evil.example.com/x.js</url></component></headercolumn></rightAlignedColumns></header></finesseLayout>`;
    assertApiError(await put(layoutConfigBody(header)), 400, 'Bad Request', { data: 'https://evil.example.com/x.js' });
    assertApiError(await put('<LayoutConfig/>'), 400, 'Bad Request', { data: 'layoutxml' });
    assertApiError(await put('<TeamLayoutConfig><layoutxml>x</layoutxml></TeamLayoutConfig>'), 400, 'Bad Request');
    assert.equal(await defaultXml(), current);
  });
});

describe('GET|PUT /Team/{id}/LayoutConfig and the members’ read /TeamResource/{id}/LayoutConfig', () => {
  test('a team uses the default until given its own; useDefault=true (layoutxml ignored) gives it back', async () => {
    const def = desktopLayout(['/desktop/scripts/js/queueStatistics.js'], 'Default home');
    await api.change('PUT', '/LayoutConfig/default', layoutConfigBody(def));
    const read = await api.read('admin', '/Team/1/LayoutConfig');
    assert.equal(read.name, 'TeamLayoutConfig');
    assert.deepEqual(childNames(read), ['useDefault', 'layoutxml']);
    assert.deepEqual(leaves(read), { useDefault: 'true', layoutxml: def });

    const own = desktopLayout(['/3rdpartygadget/files/teamA/crm.xml'], 'Team A home');
    await api.change('PUT', '/Team/1/LayoutConfig', teamLayoutConfigBody('false', own));
    assert.deepEqual(await teamConfig('1'), { useDefault: 'false', layoutxml: own });
    assert.deepEqual(await teamConfig('2'), { useDefault: 'true', layoutxml: def });
    // The members read the layout in effect for their team.
    assert.deepEqual(await teamConfig('1', 'agentA', '/TeamResource/1/LayoutConfig'), { useDefault: 'false', layoutxml: own });
    assert.deepEqual(await teamConfig('2', 'agentC', '/TeamResource/2/LayoutConfig'), { useDefault: 'true', layoutxml: def });
    // A new default reaches the teams that use it, not the others.
    const def2 = desktopLayout(['/desktop/scripts/js/queueStatistics.js'], 'Default home 2');
    await api.change('PUT', '/LayoutConfig/default', layoutConfigBody(def2));
    assert.equal((await teamConfig('2', 'supervisorB', '/TeamResource/2/LayoutConfig')).layoutxml, def2);
    assert.equal((await teamConfig('1', 'supervisorA', '/TeamResource/1/LayoutConfig')).layoutxml, own);

    await api.change('PUT', '/Team/1/LayoutConfig', teamLayoutConfigBody('true', '<not even xml'));
    assert.deepEqual(await teamConfig('1', 'agentA', '/TeamResource/1/LayoutConfig'), { useDefault: 'true', layoutxml: def2 });
    assert.equal(await suite.server.store.loadTeamDesktopLayout('1'), null);
  });

  test('errors: unknown team 404; useDefault missing or not boolean, useDefault=false without a valid layout 400; nothing changes', async () => {
    const own = desktopLayout(['/3rdpartygadget/files/b.xml'], 'Team B home');
    await api.change('PUT', '/Team/2/LayoutConfig', teamLayoutConfigBody('FALSE', own));
    const put = (body: string, team = '2') => api.call('admin', 'PUT', `/Team/${team}/LayoutConfig`, body);
    assertApiError(await api.call('admin', 'GET', '/Team/574/LayoutConfig'), 404, 'finesse.api.team.team_assignment_invalid_team', { data: '574' });
    assertApiError(await put(teamLayoutConfigBody('true'), '574'), 404, 'finesse.api.team.team_assignment_invalid_team', { data: '574' });
    assertApiError(await put(teamLayoutConfigBody(undefined, own)), 400, 'Bad Request', { data: 'useDefault' });
    assertApiError(await put(teamLayoutConfigBody('sometimes', own)), 400, 'Bad Request', { data: 'sometimes' });
    assertApiError(await put(teamLayoutConfigBody('false')), 400, 'Bad Request', { data: 'layoutxml' });
    assertApiError(await put(teamLayoutConfigBody('false', desktopLayout(['https://evil.example.com/g.xml']))), 400, 'Bad Request');
    assertApiError(await put(teamLayoutConfigBody('false', '<finesseLayout>')), 400, 'Bad Request', { data: 'layoutxml' });
    assertApiError(await put(layoutConfigBody(own)), 400, 'Bad Request');
    assert.deepEqual(await teamConfig('2'), { useDefault: 'false', layoutxml: own });
    await api.change('PUT', '/Team/2/LayoutConfig', teamLayoutConfigBody('true'));
  });

  test('who may call: admin APIs 401 for agents and supervisors; TeamResource for members and administrators only', async () => {
    const before = await defaultXml();
    for (const actor of ['agentA', 'supervisorA']) {
      assertApiError(await api.call(actor, 'GET', '/LayoutConfig/default'), 401, 'Authorization Failure', { data: actor });
      assertApiError(await api.call(actor, 'PUT', '/LayoutConfig/default', layoutConfigBody(desktopLayout([]))), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'GET', '/Team/1/LayoutConfig'), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', '/Team/1/LayoutConfig', teamLayoutConfigBody('false', desktopLayout([]))), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'GET', '/TeamResource/2/LayoutConfig'), 401, 'Authorization Failure', { data: actor });
    }
    assert.equal(await defaultXml(), before);
    assert.equal((await teamConfig('1')).useDefault, 'true');
    assert.equal((await teamConfig('2', 'admin', '/TeamResource/2/LayoutConfig')).useDefault, 'true');
    assertApiError(await api.call('admin', 'GET', '/TeamResource/99/LayoutConfig'), 404, 'Not Found', { data: '99' });
    assertApiError(await api.call('admin', 'DELETE', '/LayoutConfig/default'), 405, 'Method Not Allowed');
  });

  test('each change is in the audit log (LayoutConfig, Team/LayoutConfig) with who, before and after', async () => {
    const before = await defaultXml();
    const next = desktopLayout(['/3rdpartygadget/files/audit.xml'], 'Audited');
    await api.change('PUT', '/LayoutConfig/default', layoutConfigBody(next));
    await api.change('PUT', '/Team/2/LayoutConfig', teamLayoutConfigBody('false', next));
    await api.change('PUT', '/Team/2/LayoutConfig', teamLayoutConfigBody('true'));
    const entries = await suite.server.store.loadAudit({ limit: 200 });
    const def = entries.find((e) => e.resource === 'LayoutConfig')!;
    assert.deepEqual([def.resourceId, def.action, def.actor], ['default', 'update', 'admin']);
    assert.deepEqual([JSON.parse(def.before!).layoutxml, JSON.parse(def.after!).layoutxml], [before, next]);
    const team = entries.filter((e) => e.resource === 'Team/LayoutConfig' && e.resourceId === '2').slice(0, 2);
    assert.deepEqual(
      team.map((e) => [JSON.parse(e.before!).useDefault, JSON.parse(e.after!).useDefault]),
      [
        [false, true],
        [true, false],
      ],
    );
  });
});
