// Regenerates the README's desktop screenshots (docs/desktop-agent.png, docs/desktop-supervisor.png)
// against a fresh demo server:  npm run build && node --import tsx test/desktop/readme-screenshots.ts
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request, setState } from '../support/http.js';
import { startTestServer } from '../support/server.js';
import { ensureDesktopBuilt, eventually, launchBrowser, openDesktop, signIn } from './support/browser.js';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
mkdirSync(docs, { recursive: true });
ensureDesktopBuilt();
const server = await startTestServer();
const browser = await launchBrowser();
try {
  const size = { width: 1280, height: 720 };
  const agent = await openDesktop(browser, server.baseUrl, size);
  const sup = await openDesktop(browser, server.baseUrl, size);
  const a = agent.watch.page;
  const s = sup.watch.page;
  await setState(server.baseUrl, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
  await setState(server.baseUrl, 'agentB', 'agentB', '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>');
  await signIn(a, server.baseUrl, 'agentA', '1001');
  await eventually(async () => {
    if ((await a.locator('[data-connection]').getAttribute('data-connection')) !== 'connected') throw new Error('not yet');
  });
  await a.getByLabel('Change state').selectOption('READY');
  await signIn(s, server.baseUrl, 'supervisorA', '1003');
  await s.locator('table.team tr[data-agent="agentA"][data-state="READY"]').waitFor();
  await request(server.baseUrl, 'POST', '/openfinesse/api/calls', {
    user: 'admin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      from: '4085551234',
      to: '1001',
      callVariables: { callVariable1: 'Chuck Norris', callVariable2: 'Gold', callVariable3: 'ACME-42817' },
    }),
  });
  await a.getByRole('button', { name: 'Answer', exact: true }).click();
  await s.locator('table.team tr[data-agent="agentA"][data-state="TALKING"]').waitFor();
  await a.waitForTimeout(3200); // a few seconds on the timers
  await a.screenshot({ path: `${docs}desktop-agent.png` });
  await s.screenshot({ path: `${docs}desktop-supervisor.png` });
  console.log('wrote docs/desktop-agent.png and docs/desktop-supervisor.png');
} finally {
  await browser.close();
  await server.stop();
}
