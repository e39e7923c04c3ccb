/**
 * The admin console in the web desktop (chromium), driven as an administrator would: the demo `admin`
 * (Administrator only, no extension) signs in and gets the console; what he creates there reaches the
 * agents' desktops and the agent-facing API; the server's refusals are shown next to the field they
 * concern and change nothing; a phone book's contacts go in and out as CSV; an agent gets no console.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { parseXml, textAt } from '../support/xml.js';
import { chromiumMissing, eventually, openDesktop, screenshot, signIn, startDesktop, stopDesktop } from './support/browser.js';

let server: TestServer;
let browser: Browser;

before(async () => {
  if (!chromiumMissing) ({ server, browser } = await startDesktop());
});
after(() => stopDesktop(server, browser));

const skip = { skip: chromiumMissing };

async function signedIn(id: string, extension: string) {
  const desktop = await openDesktop(browser, server.baseUrl);
  await signIn(desktop.watch.page, server.baseUrl, id, extension);
  return desktop;
}

async function adminConsole() {
  const desktop = await signedIn('admin', '');
  await desktop.watch.page.getByRole('navigation', { name: 'Administration' }).waitFor();
  return desktop;
}

/** The text of the error tied to a field (its aria-describedby), '' when it has none. */
async function fieldError(page: Page, label: string): Promise<string> {
  const described = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
  return described ? page.locator(`[id="${described}"]`).innerText() : '';
}

/** What the REST API lists, as text of one element of each item. */
async function listed(path: string, user: string, item: string, field: string): Promise<string[]> {
  const response = await request(server.baseUrl, 'GET', `/finesse/api${path}`, { user });
  assert.equal(response.status, 200, response.body);
  return parseXml(response.body)
    .children.filter((c) => c.name === item)
    .map((c) => textAt(c, field));
}

const notReadyOptions = (page: Page) => page.getByLabel('Change state').locator('optgroup[label="Not Ready"] option').allTextContents();

test(
  'an administrator creates a Not Ready reason code for all teams; an agent is offered it; a duplicate is refused next to the code field',
  skip,
  async () => {
    const agent = await signedIn('agentA', '1001');
    const a = agent.watch.page;
    // Signing in (LOGIN, the XMPP session) can take seconds on a loaded machine.
    await a.getByTestId('agent-state').waitFor({ timeout: 30_000 });
    await eventually(async () => assert.ok((await notReadyOptions(a)).includes('Not Ready – Break')), 10_000);
    assert.ok(!(await notReadyOptions(a)).includes('Not Ready – Coaching'));

    const admin = await adminConsole();
    const p = admin.watch.page;
    await p.getByRole('table', { name: 'Reason codes' }).getByRole('row', { name: /Lunch/ }).waitFor();
    await p.getByRole('button', { name: 'New reason code' }).click();
    await p.getByLabel('Category').selectOption('NOT_READY');
    await p.getByLabel('Code', { exact: true }).fill('42');
    await p.getByLabel('Label', { exact: true }).fill('Coaching');
    assert.equal(await p.getByLabel('For all teams').isChecked(), true);
    await p.getByRole('button', { name: 'Create reason code' }).click();
    await p.getByRole('status').filter({ hasText: 'Reason code Coaching created.' }).waitFor();
    const row = p.getByRole('table', { name: 'Reason codes' }).getByRole('row', { name: /Coaching/ });
    await eventually(async () => assert.deepEqual((await row.getByRole('cell').allInnerTexts()).slice(0, 4), ['Not Ready', '42', 'Coaching', 'All teams']));
    await screenshot(p, '50-admin-reason-codes');

    // The desktop reads its reason codes at sign-in, and again when the page is reloaded.
    await a.reload();
    await a.locator('[data-connection="connected"]').waitFor({ timeout: 30_000 });
    await eventually(async () => assert.ok((await notReadyOptions(a)).includes('Not Ready – Coaching')), 10_000);
    const coaching = (await listed('/User/agentA/ReasonCodes?category=NOT_READY', 'agentA', 'ReasonCode', 'label')).includes('Coaching');
    assert.ok(coaching);
    await a.getByLabel('Change state').selectOption({ label: 'Not Ready – Coaching' });
    await eventually(async () => assert.equal(await a.getByTestId('agent-reason').innerText(), 'Reason: Coaching'));

    // The same code again: the server's error under the Code field, nothing created, the form kept.
    const before = await listed('/ReasonCodes?category=ALL', 'admin', 'ReasonCode', 'id');
    admin.watch.expectConsoleErrors(/Failed to load resource: the server responded with a status of 400/);
    await p.getByRole('button', { name: 'New reason code' }).click();
    await p.getByLabel('Code', { exact: true }).fill('42');
    await p.getByLabel('Label', { exact: true }).fill('Coaching again');
    await p.getByRole('button', { name: 'Create reason code' }).click();
    await eventually(async () => assert.match(await fieldError(p, 'Code'), /code 42 already exists/));
    assert.equal(await p.getByLabel('Code', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await fieldError(p, 'Label'), '');
    assert.equal(await p.getByLabel('Label', { exact: true }).inputValue(), 'Coaching again');
    assert.deepEqual(await listed('/ReasonCodes?category=ALL', 'admin', 'ReasonCode', 'id'), before);
    await screenshot(p, '51-admin-duplicate-code');

    // An empty label: the server names the field, the error goes there.
    await p.getByLabel('Code', { exact: true }).fill('43');
    await p.getByLabel('Label', { exact: true }).fill('');
    await p.getByRole('button', { name: 'Create reason code' }).click();
    await eventually(async () => assert.match(await fieldError(p, 'Label'), /label is required/));
    assert.equal(await fieldError(p, 'Code'), '');
    await p.getByRole('button', { name: 'Cancel' }).click();

    // Made team-only for Team B: agentA (Team A) no longer gets it, the team assignment lists it.
    await row.getByRole('button', { name: 'Edit Coaching' }).click();
    await p.getByLabel('For all teams').uncheck();
    await p.getByRole('group', { name: 'Teams' }).getByLabel('Team B').check();
    await p.getByRole('button', { name: 'Save reason code' }).click();
    await eventually(async () => assert.deepEqual((await row.getByRole('cell').allInnerTexts())[3], 'Team B'));
    assert.deepEqual(await listed('/Team/2/ReasonCodes?category=NOT_READY', 'admin', 'ReasonCode', 'label'), ['Coaching']);
    assert.ok(!(await listed('/User/agentA/ReasonCodes?category=NOT_READY', 'agentA', 'ReasonCode', 'label')).includes('Coaching'));

    await row.getByRole('button', { name: 'Delete Coaching' }).click();
    await row.getByRole('button', { name: 'Confirm delete Coaching' }).click();
    await p.getByRole('status').filter({ hasText: 'Reason code Coaching deleted.' }).waitFor();
    assert.ok(!(await listed('/ReasonCodes?category=ALL', 'admin', 'ReasonCode', 'label')).includes('Coaching'));
    assert.equal(admin.watch.navigations, 1, 'the console never reloads the page');

    for (const d of [agent, admin]) assert.deepEqual(d.watch.problems(), []);
    for (const d of [agent, admin]) await d.context.close();
  },
);

test('a wrap-up reason, and a phone book whose contacts go in from a CSV file and come back out as one', skip, async () => {
  const admin = await adminConsole();
  const p = admin.watch.page;
  await p.getByRole('button', { name: 'Wrap-up reasons' }).click();
  await p.getByRole('button', { name: 'New wrap-up reason' }).click();
  await p.getByLabel('Label', { exact: true }).fill('Callback promised');
  await p.getByRole('button', { name: 'Create wrap-up reason' }).click();
  await p
    .getByRole('table', { name: 'Wrap-up reasons' })
    .getByRole('row', { name: /Callback promised/ })
    .waitFor();
  assert.ok((await listed('/User/agentC/WrapUpReasons', 'agentC', 'WrapUpReason', 'label')).includes('Callback promised'));

  await p.getByRole('button', { name: 'Phone books' }).click();
  await p.getByText('No phone books yet.').waitFor();
  await p.getByRole('button', { name: 'New phone book' }).click();
  await p.getByLabel('Name', { exact: true }).fill('Suppliers');
  await p.getByRole('button', { name: 'Create phone book' }).click();
  const row = p.getByRole('table', { name: 'Phone books' }).getByRole('row', { name: /Suppliers/ });
  await row.getByRole('button', { name: 'Contacts of Suppliers' }).click();
  await p.getByText('No contacts in this book yet.').waitFor();

  const csv = '"First Name","Last Name","Phone Number","Notes"\r\n"Ana","Lopez","4085551000","Parts"\r\n"Ben","Otto","4085551001","Invoices, late"\r\n';
  await p.getByLabel('CSV file').setInputFiles({ name: 'suppliers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await p.getByRole('button', { name: 'Import CSV' }).click();
  const contacts = p.getByRole('table', { name: 'Contacts' });
  await eventually(async () => assert.deepEqual(await contacts.locator('tbody tr td:nth-child(3)').allInnerTexts(), ['4085551000', '4085551001']));
  await screenshot(p, '52-admin-phone-book-contacts');

  const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Export CSV' }).click()]);
  const exported = await readFile(await download.path(), 'utf8');
  const lines = exported.trim().split(/\r?\n/);
  assert.equal(lines.length, 3, exported);
  assert.match(lines[0]!, /First Name.*Last Name.*Phone Number.*Notes/);
  assert.match(lines[1]!, /Ana.*Lopez.*4085551000.*Parts/);
  assert.match(lines[2]!, /Ben.*Otto.*4085551001.*Invoices, late/);

  // A file with one bad line: the server's error (naming the line) at the file field, nothing imported.
  admin.watch.expectConsoleErrors(/Failed to load resource: the server responded with a status of 400/);
  const bad = `${csv}"Cy","Bad","",""\r\n`;
  await p.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await p.getByRole('button', { name: 'Import CSV' }).click();
  await eventually(async () => assert.match(await fieldError(p, 'CSV file'), /Line 4/));
  assert.deepEqual(await contacts.locator('tbody tr td:nth-child(3)').allInnerTexts(), ['4085551000', '4085551001']);
  const books = await listed('/User/agentA/PhoneBooks?embedContacts=false', 'agentA', 'PhoneBook', 'name');
  assert.deepEqual(books, ['Suppliers']);

  // The session lives in the tab: a reload comes back to the console, not to the sign-in.
  await p.reload();
  await p.getByRole('navigation', { name: 'Administration' }).waitFor({ timeout: 10_000 });
  await p.getByRole('button', { name: 'Sign out' }).click();
  await p.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  assert.equal(await p.evaluate(() => sessionStorage.getItem('openfinesse.session')), null);

  assert.deepEqual(admin.watch.problems(), []);
  await admin.context.close();
});

test('team assignments, team messages and the audit log: each change reaches the agent-facing API and the log', skip, async () => {
  const admin = await adminConsole();
  const p = admin.watch.page;
  admin.watch.expectConsoleErrors(/Failed to load resource: the server responded with a status of 400/);

  // Team A gets the Sign out code "System Issue" (demo: Team B only); "Training" stays as it was.
  await p.getByRole('button', { name: 'Team assignments' }).click();
  await p.getByLabel('Team', { exact: true }).selectOption({ label: 'Team A' });
  const signOutCodes = p.getByRole('group', { name: 'Sign out reason codes' });
  await signOutCodes.getByLabel(/^System Issue/).waitFor();
  assert.equal(
    await p
      .getByRole('group', { name: 'Not Ready reason codes' })
      .getByLabel(/^Training/)
      .isChecked(),
    true,
  );
  assert.equal(await signOutCodes.getByLabel(/^System Issue/).isChecked(), false);
  assert.ok(!(await listed('/User/agentA/ReasonCodes?category=LOGOUT', 'agentA', 'ReasonCode', 'label')).includes('System Issue'));
  await signOutCodes.getByLabel(/^System Issue/).check();
  await p.getByRole('button', { name: 'Save assignments' }).click();
  await p.getByRole('status').filter({ hasText: 'Team assignments saved.' }).waitFor();
  assert.ok((await listed('/User/agentA/ReasonCodes?category=LOGOUT', 'agentA', 'ReasonCode', 'label')).includes('System Issue'));
  assert.ok((await listed('/User/agentA/ReasonCodes?category=NOT_READY', 'agentA', 'ReasonCode', 'label')).includes('Training'));

  // A team message: the server's errors at the teams and at the message, then one sent to Team B.
  await p.getByRole('button', { name: 'Team messages' }).click();
  await p.getByText('No active team messages.').waitFor();
  await p.getByRole('button', { name: 'Send message' }).click();
  await eventually(async () => assert.match(await p.locator('#tm-team-error').innerText(), /At least one team is required/));
  const teams = p.getByRole('group', { name: 'To the teams' });
  await teams.getByLabel('Team B').check();
  await p.getByRole('button', { name: 'Send message' }).click();
  await eventually(async () => assert.match(await fieldError(p, 'Message'), /content is required/));
  assert.deepEqual(await listed('/Team/2/TeamMessages', 'agentC', 'TeamMessage', 'content'), []);
  await p.getByLabel('Message', { exact: true }).fill('Fire drill at 3 pm');
  await p.getByLabel('Show for').selectOption({ label: '15 minutes' });
  await p.getByRole('button', { name: 'Send message' }).click();
  const active = p.getByRole('list', { name: 'Active team messages' });
  await active.getByText('Fire drill at 3 pm').waitFor();
  assert.deepEqual(await listed('/Team/2/TeamMessages', 'agentC', 'TeamMessage', 'content'), ['Fire drill at 3 pm']);
  assert.deepEqual(await listed('/Team/2/TeamMessages', 'agentC', 'TeamMessage', 'duration'), ['900']);
  await active.getByRole('button', { name: 'Delete message Fire drill at 3 pm' }).click();
  await active.getByRole('button', { name: 'Confirm delete message Fire drill at 3 pm' }).click();
  await p.getByText('No active team messages.').waitFor();
  assert.deepEqual(await listed('/Team/2/TeamMessages', 'agentC', 'TeamMessage', 'content'), []);

  // The audit log lists those changes, newest first, and filters by resource.
  await p.getByRole('button', { name: 'Audit log' }).click();
  const log = p.getByRole('table', { name: 'Audit log' });
  await log
    .getByRole('row', { name: /TeamMessage/ })
    .first()
    .waitFor();
  const rows = async () => (await log.locator('tbody tr').all()).map((r) => r.locator('td').allInnerTexts());
  const first = await (await rows())[0]!;
  assert.deepEqual(first.slice(1, 4), ['admin', 'delete', 'TeamMessage']);
  await p.getByLabel('Resource', { exact: true }).fill('Team/ReasonCodes');
  await p.getByRole('button', { name: 'Filter' }).click();
  await eventually(async () => {
    const filtered = await Promise.all(await rows());
    assert.ok(filtered.length > 0);
    for (const r of filtered) assert.deepEqual(r.slice(1, 4), ['admin', 'assign', 'Team/ReasonCodes']);
  });
  await screenshot(p, '53-admin-audit-log');

  assert.deepEqual(admin.watch.problems(), []);
  await admin.context.close();
});

test('a non-administrator gets the agent desktop, without the console', skip, async () => {
  const agent = await signedIn('agentB', '1002');
  const page = agent.watch.page;
  await page.getByTestId('agent-state').waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Administration' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Administration' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'New reason code' }).count(), 0);
  assert.deepEqual(agent.watch.problems(), []);
  await agent.context.close();
});
