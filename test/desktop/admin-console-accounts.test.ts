/**
 * The admin console's Users and Teams pages (chromium), driven as an administrator would: a team created
 * and renamed, a user created in it who can then sign in to the desktop as an agent, his password reset,
 * another user disabled and enabled again; the server's refusals are shown at the field they concern
 * and change nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
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

/** The text of the error tied to a field (its aria-describedby), '' when it has none. */
async function fieldError(page: Page, label: string): Promise<string> {
  const described = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
  return described ? page.locator(`[id="${described}"]`).innerText() : '';
}

/** `GET /openfinesse/api/{path}` as the administrator, which must answer 200. */
async function provisioning<T>(path: string): Promise<T> {
  const response = await request(server.baseUrl, 'GET', `/openfinesse/api${path}`, { user: 'admin', headers: { accept: 'application/json' } });
  assert.equal(response.status, 200, response.body);
  return JSON.parse(response.body) as T;
}

const teamNames = async () => (await provisioning<{ teams: { name: string }[] }>('/teams')).teams.map((t) => t.name);

test(
  'a team is created, renamed, given members and a supervisor and deleted; a duplicate name is refused at the Name field and changes nothing',
  skip,
  async () => {
    const admin = await adminConsole();
    const p = admin.watch.page;
    admin.watch.expectConsoleErrors(/Failed to load resource: the server responded with a status of 409/);
    await p.getByRole('button', { name: 'Teams', exact: true }).click();
    const table = p.getByRole('table', { name: 'Teams' });
    await table.getByRole('row', { name: /Team B/ }).waitFor();

    await p.getByRole('button', { name: 'New team' }).click();
    await p.getByLabel('Name', { exact: true }).fill('Night shift');
    await p.getByLabel('Wrap-up on incoming calls').selectOption('REQUIRED');
    await p.getByLabel('Wrap-up timer (seconds, 0: none)').fill('90');
    await p.getByRole('button', { name: 'Create team' }).click();
    await p.getByRole('status').filter({ hasText: 'Team Night shift created.' }).waitFor();
    const created = (await provisioning<{ teams: { id: string; name: string; wrapUpOnIncoming: string; wrapUpTimerSeconds: number }[] }>('/teams')).teams.find(
      (t) => t.name === 'Night shift',
    );
    assert.ok(created);
    assert.equal(created.wrapUpOnIncoming, 'REQUIRED');
    assert.equal(created.wrapUpTimerSeconds, 90);

    const row = table.getByRole('row', { name: /Night shift/ });
    await row.getByRole('button', { name: 'Edit Night shift' }).click();
    await p.getByLabel('Name', { exact: true }).fill('Team B');
    await p.getByRole('button', { name: 'Save team' }).click();
    await eventually(async () => assert.match(await fieldError(p, 'Name'), /already used/));
    assert.equal(await p.getByLabel('Name', { exact: true }).inputValue(), 'Team B');
    assert.deepEqual(
      (await teamNames()).filter((n) => n === 'Night shift'),
      ['Night shift'],
    );

    await p.getByLabel('Name', { exact: true }).fill('Late shift');
    await p.getByRole('button', { name: 'Save team' }).click();
    await p.getByRole('status').filter({ hasText: 'Team Late shift saved.' }).waitFor();
    await table.getByRole('row', { name: /Late shift/ }).waitFor();
    assert.ok((await teamNames()).includes('Late shift'));
    assert.ok(!(await teamNames()).includes('Night shift'));
    const finesseTeam = await request(server.baseUrl, 'GET', `/finesse/api/Team/${created.id}`, { user: 'admin' });
    assert.match(finesseTeam.body, /<name>Late shift<\/name>/);
    await screenshot(p, '54-admin-teams');

    // Members and supervisors: agentB joins Late shift and supervisorA supervises it too.
    const late = table.getByRole('row', { name: /Late shift/ });
    await late.getByRole('button', { name: 'Edit Late shift' }).click();
    await p.getByRole('group', { name: 'Members' }).getByLabel('Bob Baker (agentB)').check();
    await p.getByRole('group', { name: 'Supervisors' }).getByLabel('Sara Adams (supervisorA)').check();
    await p.getByRole('button', { name: 'Save team' }).click();
    await eventually(async () => assert.deepEqual((await late.getByRole('cell').allInnerTexts()).slice(3, 5), ['agentB', 'supervisorA']));
    const agentB = await provisioning<{ team: string }>('/users/agentB');
    assert.equal(agentB.team, created.id);
    assert.deepEqual((await provisioning<{ supervises: string[] }>('/users/supervisorA')).supervises.sort(), ['1', created.id].sort());

    // A team with members cannot be deleted (the server's reason in the status); once empty it can.
    await late.getByRole('button', { name: 'Delete Late shift' }).click();
    await late.getByRole('button', { name: 'Confirm delete Late shift' }).click();
    await p
      .getByRole('status')
      .filter({ hasText: /Deleting Late shift failed: .*still has members/ })
      .waitFor();
    assert.ok((await teamNames()).includes('Late shift'));
    await late.getByRole('button', { name: 'Edit Late shift' }).click();
    await p.getByRole('group', { name: 'Members' }).getByLabel('Bob Baker (agentB)').uncheck();
    await p.getByRole('group', { name: 'Supervisors' }).getByLabel('Sara Adams (supervisorA)').uncheck();
    await p.getByRole('button', { name: 'Save team' }).click();
    await p.getByRole('status').filter({ hasText: 'Team Late shift saved.' }).waitFor();
    await late.getByRole('button', { name: 'Delete Late shift' }).click();
    await late.getByRole('button', { name: 'Confirm delete Late shift' }).click();
    await p.getByRole('status').filter({ hasText: 'Team Late shift deleted.' }).waitFor();
    assert.ok(!(await teamNames()).includes('Late shift'));

    assert.deepEqual(admin.watch.problems(), []);
    await admin.context.close();
  },
);

test('a user created in a team in the console signs in to the desktop as an agent; his password is reset; a duplicate is refused', skip, async () => {
  const admin = await adminConsole();
  const p = admin.watch.page;
  admin.watch.expectConsoleErrors(/Failed to load resource: the server responded with a status of 409/);
  await p.getByRole('button', { name: 'Users', exact: true }).click();
  const table = p.getByRole('table', { name: 'Users' });
  await table.getByRole('row', { name: /agentC/ }).waitFor();

  await p.getByRole('button', { name: 'New user' }).click();
  await p.getByLabel('Login ID', { exact: true }).fill('agentZ');
  await p.getByLabel('Password', { exact: true }).fill('zebra-1');
  await p.getByLabel('First name').fill('Zoe');
  await p.getByLabel('Last name').fill('Zimmer');
  assert.equal(await p.getByRole('group', { name: 'Roles' }).getByLabel('Agent').isChecked(), true);
  await p.getByLabel('Team', { exact: true }).selectOption({ label: 'Team B' });
  await p.getByRole('button', { name: 'Create user' }).click();
  await p.getByRole('status').filter({ hasText: 'User agentZ created.' }).waitFor();
  const row = table.getByRole('row', { name: /agentZ/ });
  await eventually(async () =>
    assert.deepEqual((await row.getByRole('cell').allInnerTexts()).slice(0, 6), ['agentZ', 'Zoe Zimmer', 'Agent', 'Team B', '', 'Enabled']),
  );
  await screenshot(p, '55-admin-users');

  // agentZ signs in to the desktop with his extension and gets the agent desktop, in Team B.
  const agent = await openDesktop(browser, server.baseUrl);
  const a = agent.watch.page;
  await signIn(a, server.baseUrl, 'agentZ', '1009', 'zebra-1');
  await a.getByTestId('agent-state').waitFor({ timeout: 30_000 });
  const user = await request(server.baseUrl, 'GET', '/finesse/api/User/agentZ', { user: 'agentZ', password: 'zebra-1' });
  assert.equal(user.status, 200, user.body);
  assert.match(user.body, /<teamName>Team B<\/teamName>/);
  assert.match(user.body, /<extension>1009<\/extension>/);

  // The same login ID again: the server's error at the Login ID field, nothing created.
  await p.getByRole('button', { name: 'New user' }).click();
  await p.getByLabel('Login ID', { exact: true }).fill('AGENTZ');
  await p.getByLabel('Password', { exact: true }).fill('x');
  await p.getByLabel('First name').fill('Other');
  await p.getByRole('button', { name: 'Create user' }).click();
  await eventually(async () => assert.match(await fieldError(p, 'Login ID'), /already exists/));
  assert.equal(await fieldError(p, 'First name'), '');
  assert.equal((await provisioning<{ users: unknown[] }>('/users')).users.length, 7);
  await p.getByRole('button', { name: 'Cancel' }).click();

  // A password reset: the new one works at once, the old one no longer does.
  await row.getByRole('button', { name: 'Edit agentZ' }).click();
  await p.getByLabel('New password (empty: keep the current one)').fill('zebra-2');
  await p.getByRole('button', { name: 'Save user' }).click();
  await p.getByRole('status').filter({ hasText: 'User agentZ saved.' }).waitFor();
  assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentZ', { user: 'agentZ', password: 'zebra-2' })).status, 200);
  assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentZ', { user: 'agentZ', password: 'zebra-1' })).status, 401);

  // Signed in, he cannot be disabled: the server's refusal is the page's status, nothing changes.
  await row.getByRole('button', { name: 'Disable agentZ' }).click();
  await p
    .getByRole('status')
    .filter({ hasText: /is signed in/ })
    .waitFor();
  assert.equal((await provisioning<{ disabled: boolean }>('/users/agentZ')).disabled, false);

  // agentB (signed out) is disabled — the Finesse API no longer knows him — and enabled again.
  const b = table.getByRole('row', { name: /agentB/ });
  await b.getByRole('button', { name: 'Disable agentB' }).click();
  await eventually(async () => assert.equal((await b.getByRole('cell').allInnerTexts())[5], 'Disabled'));
  assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentB', { user: 'agentB' })).status, 401);
  await b.getByRole('button', { name: 'Enable agentB' }).click();
  await eventually(async () => assert.equal((await b.getByRole('cell').allInnerTexts())[5], 'Enabled'));
  assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentB', { user: 'agentB' })).status, 200);

  // A user never signed in is deleted.
  await p.getByRole('button', { name: 'New user' }).click();
  await p.getByLabel('Login ID', { exact: true }).fill('temp1');
  await p.getByLabel('Password', { exact: true }).fill('t');
  await p.getByLabel('First name').fill('Temp');
  await p.getByRole('button', { name: 'Create user' }).click();
  const temp = table.getByRole('row', { name: /temp1/ });
  await temp.getByRole('button', { name: 'Delete temp1' }).click();
  await temp.getByRole('button', { name: 'Confirm delete temp1' }).click();
  await p.getByRole('status').filter({ hasText: 'User temp1 deleted.' }).waitFor();
  assert.equal((await request(server.baseUrl, 'GET', '/openfinesse/api/users/temp1', { user: 'admin' })).status, 404);
  assert.equal(admin.watch.navigations, 1, 'the console never reloads the page');

  assert.deepEqual(admin.watch.problems(), []);
  for (const d of [agent, admin]) await d.context.close();
});
