import { AccessPolicy } from '../src/application/access-policy.js';
import { AgentService } from '../src/application/agent-service.js';
import { QueueCatalogue } from '../src/application/queue-catalogue.js';
import type { CallRecord } from '../src/domain/call-record.js';
import { ManualClock } from '../src/domain/clock.js';
import { Directory } from '../src/domain/directory.js';
import { EventBus } from '../src/domain/events.js';
import type { UserAccount } from '../src/domain/model.js';
import { DEFAULT_NUMBER_PLAN } from '../src/telephony/number-plan.js';
import { TelephonySimulator } from '../src/telephony/simulator.js';
import type { DialogActionRequest } from '../src/telephony/telephony.js';
import { round } from './support/stats.js';

export interface SimulatorResult {
  agents: number;
  callsInProgress: number;
  calls: number;
  callsPerSecond: number;
  cpuMicrosPerCall: number;
  events: number;
}

/**
 * The phone system alone, in process, on a manual clock: no HTTP, no XMPP, no disk. One call is the
 * `calls` bench's sequence (an external caller dials the queue, the longest-available agent is offered
 * it, answers, drops, and ends wrap-up with READY) while `inProgress - 1` other calls stay connected, so
 * the registry holds that many live calls. Measures CPU per call of the simulator and the agent service.
 */
export function benchSimulator(agents = 200, inProgress = 32, calls = 20_000): SimulatorResult {
  const clock = new ManualClock();
  const directory = new Directory();
  directory.putTeam({ id: 't1', name: 'Bench', settings: { wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', wrapUpTimerSeconds: 0 } });
  const users: UserAccount[] = Array.from({ length: agents }, (_, i) => ({
    loginId: `agent${i}`,
    loginName: `agent${i}`,
    firstName: 'A',
    lastName: String(i),
    roles: ['Agent'],
    teamId: 't1',
    supervisedTeamIds: [],
  }));
  for (const user of users) directory.putUser(user);
  let events = 0;
  const bus = new EventBus();
  bus.subscribe(() => void events++);
  const store = {
    saveAgentStatus: () => undefined,
    load: async () => null,
    adopt: () => true,
    saveCallRecord: (_record: CallRecord) => undefined,
    saveLiveCall: () => undefined,
    liveCallEnded: () => undefined,
  };
  const service = new AgentService(directory, store, bus, clock, { requireReasonCodes: false });
  const queues = new QueueCatalogue([
    { id: '1', name: 'Bench', dialedNumbers: ['7000'], teamIds: ['t1'], agentIds: [], ringNoAnswerSeconds: 600, maxQueueTimeSeconds: 0 },
  ]);
  const sim = new TelephonySimulator(directory, service, bus, clock, store, queues, new AccessPolicy(directory, queues), DEFAULT_NUMBER_PLAN);
  const act = (user: UserAccount, id: string, action: string, extension: string): void => {
    const request: DialogActionRequest = {
      action,
      targetMediaAddress: extension,
      toAddress: undefined,
      callVariables: [],
      wrapUpReason: undefined,
      dtmfString: undefined,
    };
    sim.actOnDialog(user, id, request, '');
  };
  for (const [i, user] of users.entries()) {
    service.requestState(user, user.loginId, { state: 'LOGIN', extension: String(10_000 + i) }, '');
    clock.advance(1);
    service.requestState(user, user.loginId, { state: 'READY' }, '');
  }
  /** One call from dial-in to READY again; returns without ending it when `keep`. */
  const oneCall = (n: number, keep: boolean): void => {
    const view = sim.placeExternalCall({ from: `408${String(5_000_000 + n)}`, to: '7000', callVariables: [] });
    const party = view.participants.find((p) => p.loginId !== null)!;
    const user = directory.findUserByLoginId(party.loginId!)!;
    act(user, view.id, 'ANSWER', party.mediaAddress);
    if (keep) return;
    act(user, view.id, 'DROP', party.mediaAddress);
    service.requestState(user, user.loginId, { state: 'READY' }, '');
    clock.advance(1);
  };
  for (let n = 0; n < inProgress - 1; n++) oneCall(n, true);
  events = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let n = 0; n < calls; n++) oneCall(inProgress + n, false);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  sim.close();
  return {
    agents,
    callsInProgress: inProgress,
    calls,
    callsPerSecond: round(calls / elapsed, 0),
    cpuMicrosPerCall: round((used.user + used.system) / calls, 1),
    events: round(events / calls, 1),
  };
}

if (process.argv[1]?.endsWith('simulator.ts')) {
  const [agents, inProgress, calls] = process.argv.slice(2).map(Number);
  process.stdout.write(`${JSON.stringify({ bench: 'simulator', ...benchSimulator(agents || undefined, inProgress || undefined, calls || undefined) })}\n`);
}
