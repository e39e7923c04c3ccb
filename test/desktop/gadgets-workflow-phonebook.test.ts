import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ConfigApi } from '../support/config-api.js';
import { configApi } from '../support/config-api.js';
import { setState } from '../support/http.js';
import { contact, createBook } from '../support/phone-books.js';
import type { TestServer } from '../support/server.js';
import { actionBody, createWorkflow, teamWorkflows } from '../support/workflows.js';
import { chromiumMissing, eventually, openDesktop, signIn, startDesktop, stopDesktop } from './support/browser.js';
import { gadgetFrame, hosted, installGadgets, ring, setDefaultLayout, waitForLog } from './support/gadgets.js';

// The desktop's workflow engine pops a window with the expanded call variable and tells gadgets; a phone
// book gadget lists the contacts the agent's phone books embed.

let server: TestServer;
let browser: Browser;
let api: ConfigApi;

before(async () => {
  if (chromiumMissing) return;
  ({ server, browser } = await startDesktop());
  api = configApi(server.baseUrl);
  installGadgets(server, 'e2e-workflow', 'e2e-phonebook');
  await setDefaultLayout(server.baseUrl, [
    { id: 'flows', label: 'Flows', gadgets: [hosted('e2e-workflow', 'Workflow.xml'), hosted('e2e-phonebook', 'PhoneBook.xml')] },
  ]);
  const pop = await api.create(
    '/WorkflowAction',
    actionBody({
      name: 'Customer pop',
      type: 'BROWSER_POP',
      handledBy: 'FINESSE_DESKTOP',
      params: { path: `${server.baseUrl}/openfinesse/health?customer=\${callVariable1}`, windowName: 'crm' },
    }),
  );
  const workflow = await createWorkflow(api, 'Pop the customer', [pop], { trigger: 'CALL_ARRIVES' });
  await api.change('PUT', '/Team/1/Workflows', teamWorkflows(workflow));
  const global = await createBook(api, 'Everyone', 'GLOBAL');
  await api.create(`/PhoneBook/${global}/Contact`, contact({ firstName: 'Help', lastName: 'Desk', phoneNumber: '100' }));
  await api.create(`/PhoneBook/${global}/Contact`, contact({ firstName: 'Front', lastName: 'Office', phoneNumber: '101' }));
});
after(() => stopDesktop(server, browser));

test('a workflow pops a window with the expanded call variable, and gadgets see the action event', { skip: chromiumMissing }, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  await signIn(page, server.baseUrl, 'agentB', '1002');
  await eventually(async () => assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'connected'));
  const frame = await gadgetFrame(page, 'e2e-workflow');
  await waitForLog(frame, /ready/);
  assert.equal((await setState(server.baseUrl, 'agentB', 'agentB', '<User><state>READY</state></User>')).status, 202);
  const popped = context.waitForEvent('page', { timeout: 10_000 });
  await ring(server.baseUrl, '1002', '5557777', { callVariable1: 'ACME 42' });
  const popup = await popped;
  await eventually(async () => assert.equal(popup.url(), `${server.baseUrl}/openfinesse/health?customer=ACME%2042`));
  await waitForLog(
    frame,
    new RegExp(`workflow action Customer pop type=BROWSER_POP handledBy=FINESSE path=${server.baseUrl}/openfinesse/health\\?customer=ACME 42 window=crm`),
  );
  await context.close();
});

test('a phone book gadget lists the contacts of the agent phone books', { skip: chromiumMissing }, async () => {
  const { context, watch } = await openDesktop(browser, server.baseUrl);
  const page = watch.page;
  await signIn(page, server.baseUrl, 'agentA', '1001');
  const frame = await gadgetFrame(page, 'e2e-phonebook');
  const log = await waitForLog(frame, /books=\d+/);
  assert.match(log, /book Everyone: Help Desk 100/);
  assert.match(log, /book Everyone: Front Office 101/);
  assert.match(log, /books=1/);
  assert.deepEqual(watch.problems(), []);
  await context.close();
});
