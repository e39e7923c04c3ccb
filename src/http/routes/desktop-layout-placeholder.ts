import type { FastifyPluginAsync } from 'fastify';
import { type BasicAuthDeps, basicAuthentication, requireActor } from '../authenticate.js';

// PLACEHOLDER FOR MERGE (issue 13): the "server" helper builds the real `GET /openfinesse/desktop/layout`
// from the stored layouts. Until it is merged, this answers the stock layout for the caller's role so the
// desktop can fetch its layout without a 404. The integrator deletes this file and its registration.

const builtIn = (builtIn: string, file: string) => ({ url: `/desktop/scripts/js/${file}`, builtIn, id: null, maxRows: null });
const tab = (id: string, label: string, gadgets: unknown[]) => ({ id, label, icon: null, columns: [gadgets] });
const history = [builtIn('recentCallHistory', 'recentCallHistory.js'), builtIn('recentStateHistory', 'recentStateHistory.js')];

function stockLayout(role: 'Agent' | 'Supervisor') {
  const key = role === 'Agent' ? 'agent' : 'supervisor';
  const tabs =
    role === 'Agent'
      ? [tab('home', `finesse.container.tabs.${key}.homeLabel`, [builtIn('queueStatistics', 'queueStatistics.js')])]
      : [
          tab('home', `finesse.container.tabs.${key}.homeLabel`, [
            builtIn('teamPerformance', 'teamPerformance.js'),
            builtIn('queueStatistics', 'queueStatistics.js'),
          ]),
        ];
  tabs.push(tab('myHistory', `finesse.container.tabs.${key}.myHistoryLabel`, history));
  if (role === 'Supervisor') tabs.push(tab('teamMessages', 'finesse.container.tabs.supervisor.teamMessageLabel', [builtIn('teamMessage', 'teamMessage.js')]));
  return { role, source: 'default', title: null, logo: null, header: { left: [], right: [] }, page: [builtIn('callControl', 'callcontrol.js')], tabs };
}

export const desktopLayoutPlaceholder: FastifyPluginAsync<BasicAuthDeps> = async (app, deps) => {
  app.addHook('onRequest', basicAuthentication(deps));
  app.get('/openfinesse/desktop/layout', async (request, reply) => {
    const role = requireActor(request).roles.includes('Supervisor') ? 'Supervisor' : 'Agent';
    return reply.header('cache-control', 'no-store').send(stockLayout(role));
  });
};
