/**
 * The admin console's Workflows and Layouts pages (chromium): a workflow with a BROWSER_POP action,
 * assigned to a team, is what a member reads at `/User/{id}/Workflows`; a custom call-variable layout
 * assigned to a team is what a member reads at `/User/{id}/MediaPropertiesLayout`; an invalid desktop
 * layout is refused with the server's error at the textarea and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { type XmlElement, parseXml, textAt } from '../support/xml.js';
import { chromiumMissing, eventually, openDesktop, screenshot, signIn, startDesktop, stopDesktop } from './support/browser.js';

let server: TestServer;
let browser: Browser;

before(async () => {
  if (!chromiumMissing) ({ server, browser } = await startDesktop());
});
after(() => stopDesktop(server, browser));

const skip = { skip: chromiumMissing };

async function adminConsole() {
  const desktop = await openDesktop(browser, server.baseUrl);
  await signIn(desktop.watch.page, server.baseUrl, 'admin', '');
  await desktop.watch.page.getByRole('navigation', { name: 'Administration' }).waitFor();
  return desktop;
}

async function fieldError(page: Page, label: string): Promise<string> {
  const described = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
  return described ? page.locator(`[id="${described}"]`).innerText() : '';
}

async function read(path: string, user: string): Promise<XmlElement> {
  const response = await request(server.baseUrl, 'GET', `/finesse/api${path}`, { user });
  assert.equal(response.status, 200, response.body);
  return parseXml(response.body);
}

const named = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);

test('a workflow with a BROWSER_POP action, assigned to Team A in the console, is what agentA reads at /User/agentA/Workflows', skip, async () => {
  const admin = await adminConsole();
  const p = admin.watch.page;
  admin.watch.expectConsoleErrors(/Failed to load resource: the server responded with a status of 400/);
  await p.getByRole('button', { name: 'Workflows', exact: true }).click();
  await p.getByText('No workflows yet.').waitFor();

  await p.getByRole('button', { name: 'New workflow action' }).click();
  await p.getByLabel('Action name').fill('Open CRM');
  await p.getByLabel('URL or path (call variables as placeholders)').fill('http://crm.example.com/?q=${callVariable1}');
  await p.getByLabel('Window name').fill('crm');
  await p.getByRole('button', { name: 'Add variable' }).click();
  await p.getByLabel('Variable 1 name').fill('callVariable1');
  await p.getByLabel('Variable 1 test value').fill('12345');
  await p.getByRole('button', { name: 'Create workflow action' }).click();
  await p.getByRole('status').filter({ hasText: 'Workflow action Open CRM created.' }).waitFor();
  await p
    .getByRole('table', { name: 'Workflow actions' })
    .getByRole('row', { name: /Open CRM/ })
    .waitFor();

  // A workflow without a name: the server's error at the name field, nothing created.
  await p.getByRole('button', { name: 'New workflow', exact: true }).click();
  await p.getByLabel('Trigger').selectOption('CALL_ANSWERED');
  await p.getByLabel('Action to add').selectOption({ label: 'Open CRM (BROWSER_POP)' });
  await p.getByRole('button', { name: 'Add action' }).click();
  await p.getByRole('button', { name: 'Add condition' }).click();
  await p.getByLabel('Condition 1 variable', { exact: true }).fill('callVariable2');
  await p.getByLabel('Condition 1 comparator').selectOption('BEGINS_WITH');
  await p.getByLabel('Condition 1 value').fill('VIP');
  await p.getByRole('group', { name: 'Teams' }).getByLabel('Team A').check();
  await p.getByRole('button', { name: 'Create workflow' }).click();
  await eventually(async () => assert.match(await fieldError(p, 'Workflow name'), /name/));
  assert.equal(named(await read('/Workflows', 'admin'), 'Workflow').length, 0);

  await p.getByLabel('Workflow name').fill('CRM on answer');
  await p.getByLabel('Description').fill('Opens the customer in the CRM');
  await p.getByRole('button', { name: 'Create workflow' }).click();
  await p.getByRole('status').filter({ hasText: 'Workflow CRM on answer created.' }).waitFor();
  const row = p.getByRole('table', { name: 'Workflows' }).getByRole('row', { name: /CRM on answer/ });
  await eventually(async () =>
    assert.deepEqual((await row.getByRole('cell').allInnerTexts()).slice(0, 5), [
      'CRM on answer',
      'CALL_ANSWERED',
      'callVariable2 BEGINS_WITH VIP',
      'Open CRM',
      'Team A',
    ]),
  );
  await screenshot(p, '56-admin-workflows');

  // What a member of Team A reads: the workflow with its trigger, condition and the action in full.
  const workflows = named(await read('/User/agentA/Workflows', 'agentA'), 'Workflow');
  assert.deepEqual(
    workflows.map((w) => textAt(w, 'name')),
    ['CRM on answer'],
  );
  const workflow = workflows[0]!;
  assert.equal(textAt(workflow, 'TriggerSet/name'), 'CALL_ANSWERED');
  assert.equal(textAt(workflow, 'ConditionSet/conditions/Condition/value'), 'VIP');
  assert.equal(textAt(workflow, 'workflowActions/WorkflowAction/name'), 'Open CRM');
  assert.equal(textAt(workflow, 'workflowActions/WorkflowAction/type'), 'BROWSER_POP');
  const body = (await request(server.baseUrl, 'GET', '/finesse/api/User/agentA/Workflows', { user: 'agentA' })).body;
  assert.match(body, /<Param><name>path<\/name><value>http:\/\/crm\.example\.com\/\?q=\$\{callVariable1\}<\/value><\/Param>/);
  assert.match(body, /<ActionVariable><name>callVariable1<\/name>/);
  // Team B's members do not get it.
  assert.equal(named(await read('/User/agentC/Workflows', 'agentC'), 'Workflow').length, 0);

  // Team assignments lists it for Team A; an action a workflow runs cannot be deleted.
  await p.getByRole('button', { name: 'Team assignments' }).click();
  await p.getByLabel('Team', { exact: true }).selectOption({ label: 'Team A' });
  const assigned = p.getByRole('group', { name: 'Workflows' }).getByLabel('CRM on answer');
  await eventually(async () => assert.equal(await assigned.isChecked(), true));
  await p.getByRole('button', { name: 'Workflows', exact: true }).click();
  const action = p.getByRole('table', { name: 'Workflow actions' }).getByRole('row', { name: /Open CRM/ });
  await action.getByRole('button', { name: 'Delete action Open CRM' }).click();
  await action.getByRole('button', { name: 'Confirm delete action Open CRM' }).click();
  await p
    .getByRole('status')
    .filter({ hasText: /Deleting Workflow action Open CRM failed/ })
    .waitFor();
  assert.equal(named(await read('/WorkflowActions', 'admin'), 'WorkflowAction').length, 1);

  assert.deepEqual(admin.watch.problems(), []);
  await admin.context.close();
});

test(
  'a custom call-variable layout given to Team B is what agentC reads; an invalid desktop layout is refused at the textarea and changes nothing',
  skip,
  async () => {
    const admin = await adminConsole();
    const p = admin.watch.page;
    admin.watch.expectConsoleErrors(/Failed to load resource: the server responded with a status of 400/);
    await p.getByRole('button', { name: 'Layouts', exact: true }).click();
    const table = p.getByRole('table', { name: 'Call-variable layouts' });
    await table.getByRole('row', { name: /DEFAULT/ }).waitFor();

    await p.getByRole('button', { name: 'New call-variable layout' }).click();
    await p.getByLabel('Layout name').fill('Support layout');
    await p.getByLabel('Header property').fill('callVariable3');
    await p.getByLabel('Header display name').fill('Account');
    await p.getByLabel('Left column entry 1 property').fill('callVariable1');
    await p.getByLabel('Left column entry 1 display name').fill('Customer');
    await p.getByRole('button', { name: 'Add an entry to the right column' }).click();
    await p.getByLabel('Right column entry 1 property').fill('queueName');
    await p.getByLabel('Right column entry 1 display name').fill('Queue');
    await p.getByRole('group', { name: 'Teams using this layout' }).getByLabel('Team B').check();
    await p.getByRole('button', { name: 'Create layout' }).click();
    await p.getByRole('status').filter({ hasText: 'Layout Support layout created.' }).waitFor();
    await eventually(async () =>
      assert.deepEqual(
        (
          await table
            .getByRole('row', { name: /Support layout/ })
            .getByRole('cell')
            .allInnerTexts()
        ).slice(0, 4),
        ['Support layout', 'Account', 'Customer | Queue', 'Team B'],
      ),
    );

    const layout = await read('/User/agentC/MediaPropertiesLayout', 'agentC');
    assert.equal(textAt(layout, 'name'), 'Support layout');
    assert.equal(textAt(layout, 'header/entry/mediaProperty'), 'callVariable3');
    assert.deepEqual(
      named(layout, 'column').map((c) => textAt(c, 'entry/displayName')),
      ['Customer', 'Queue'],
    );
    assert.equal(textAt(await read('/User/agentA/MediaPropertiesLayout', 'agentA'), 'type'), 'DEFAULT');

    // A property the server does not know: its error at that entry's property, nothing changed.
    await table
      .getByRole('row', { name: /Support layout/ })
      .getByRole('button', { name: 'Edit layout Support layout' })
      .click();
    await p.getByLabel('Left column entry 1 property').fill('noSuchProperty');
    await p.getByRole('button', { name: 'Save layout' }).click();
    await eventually(async () => assert.match(await fieldError(p, 'Left column entry 1 property'), /Unknown mediaProperty/));
    assert.equal(await fieldError(p, 'Right column entry 1 property'), '');
    assert.equal(textAt(await read('/User/agentC/MediaPropertiesLayout', 'agentC'), 'column/entry/mediaProperty'), 'callVariable1');
    await p.getByRole('button', { name: 'Cancel' }).click();
    await screenshot(p, '57-admin-layouts');

    // The desktop layout: XML that is not well-formed is refused at the textarea; the default is unchanged.
    const before = (await request(server.baseUrl, 'GET', '/finesse/api/LayoutConfig/default', { user: 'admin' })).body;
    const xml = p.getByLabel('Default layout XML');
    await eventually(async () => assert.match(await xml.inputValue(), /<finesseLayout/));
    await xml.fill('<finesseLayout><layout>');
    await p.getByRole('button', { name: 'Save default layout' }).click();
    await eventually(async () => assert.match(await fieldError(p, 'Default layout XML'), /not well-formed/));
    assert.equal(await xml.getAttribute('aria-invalid'), 'true');
    assert.equal(await xml.inputValue(), '<finesseLayout><layout>');
    assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/LayoutConfig/default', { user: 'admin' })).body, before);

    // A team's own layout: Team B stops using the default; "use default" gives it back.
    await p.getByLabel('Team', { exact: true }).selectOption({ label: 'Team B' });
    await p.getByLabel('Use the default layout').uncheck();
    const teamXml = p.getByLabel('Team layout XML');
    const own = (await teamXml.inputValue()).replace('</finesseLayout>', '<!-- Team B --></finesseLayout>');
    await teamXml.fill(own);
    // The form's re-read after a save is slowed down: until it answers, the form shows what was saved,
    // never the copy from before the save.
    const reread = '**/finesse/api/Team/2/LayoutConfig';
    await p.route(reread, async (route) => {
      if (route.request().method() === 'GET') await new Promise((r) => setTimeout(r, 400));
      await route.fallback();
    });
    await p.getByRole('button', { name: 'Save team layout' }).click();
    await p.getByRole('status').filter({ hasText: "The team's desktop layout saved." }).waitFor();
    assert.equal(await p.getByLabel('Use the default layout').isChecked(), false);
    await p.unroute(reread);
    const teamLayout = await read('/TeamResource/2/LayoutConfig', 'agentC');
    assert.equal(textAt(teamLayout, 'useDefault'), 'false');
    assert.match(textAt(teamLayout, 'layoutxml'), /<!-- Team B -->/);
    await p.getByLabel('Use the default layout').check();
    await p.getByRole('button', { name: 'Save team layout' }).click();
    await eventually(async () => assert.equal(textAt(await read('/TeamResource/2/LayoutConfig', 'agentC'), 'useDefault'), 'true'));

    assert.deepEqual(admin.watch.problems(), []);
    await admin.context.close();
  },
);
