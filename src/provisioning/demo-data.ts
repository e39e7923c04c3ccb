import type { ProvisioningPlan } from './plan.js';

/** The demo contact center loaded by `--demo` into an empty store. Every password is `demo`. */
export const DEMO_PLAN: ProvisioningPlan = {
  teams: [
    { id: '1', name: 'Team A', wrapUpOnIncoming: 'OPTIONAL', wrapUpOnOutgoing: 'NOT_ALLOWED', wrapUpTimerSeconds: 60 },
    { id: '2', name: 'Team B', wrapUpOnIncoming: 'REQUIRED', wrapUpOnOutgoing: 'OPTIONAL', wrapUpTimerSeconds: 120 },
  ],
  users: [
    { loginId: 'agentA', loginName: 'agentA', firstName: 'Alice', lastName: 'Archer', password: 'demo', roles: ['Agent'], team: '1', supervises: [] },
    { loginId: 'agentB', loginName: 'agentB', firstName: 'Bob', lastName: 'Baker', password: 'demo', roles: ['Agent'], team: '1', supervises: [] },
    {
      loginId: 'supervisorA',
      loginName: 'supervisorA',
      firstName: 'Sara',
      lastName: 'Adams',
      password: 'demo',
      roles: ['Agent', 'Supervisor'],
      team: '1',
      supervises: ['1'],
    },
    { loginId: 'agentC', loginName: 'agentC', firstName: 'Carol', lastName: 'Clark', password: 'demo', roles: ['Agent'], team: '2', supervises: [] },
    {
      loginId: 'supervisorB',
      loginName: 'supervisorB',
      firstName: 'Sam',
      lastName: 'Brooks',
      password: 'demo',
      roles: ['Agent', 'Supervisor'],
      team: '2',
      supervises: ['2'],
    },
    { loginId: 'admin', loginName: 'admin', firstName: 'Admin', lastName: 'Istrator', password: 'demo', roles: ['Administrator'], team: null, supervises: [] },
  ],
  reasonCodes: [
    { id: '1', category: 'NOT_READY', code: 10, label: 'Break', forAll: true, teams: [] },
    { id: '2', category: 'NOT_READY', code: 11, label: 'Lunch', forAll: true, teams: [] },
    { id: '3', category: 'NOT_READY', code: 12, label: 'Team Meeting', forAll: true, teams: [] },
    { id: '4', category: 'NOT_READY', code: 13, label: 'Training', forAll: false, teams: ['1'] },
    { id: '5', category: 'LOGOUT', code: 20, label: 'End of Shift', forAll: true, teams: [] },
    { id: '6', category: 'LOGOUT', code: 21, label: 'Personal', forAll: true, teams: [] },
    { id: '7', category: 'LOGOUT', code: 22, label: 'System Issue', forAll: false, teams: ['2'] },
  ],
  wrapUpReasons: [
    { id: '1', label: 'Sales Inquiry', forAll: true, teams: [] },
    { id: '2', label: 'Product Question', forAll: true, teams: [] },
    { id: '3', label: 'Billing Issue', forAll: true, teams: [] },
    { id: '4', label: 'Escalated', forAll: false, teams: ['2'] },
  ],
  queues: [
    { id: '1', name: 'Sales', dialedNumbers: ['5000'], teams: ['1'], agents: [], ringNoAnswerSeconds: 15, maxQueueTimeSeconds: 600 },
    { id: '2', name: 'Support', dialedNumbers: ['5001'], teams: ['2'], agents: [], ringNoAnswerSeconds: 15, maxQueueTimeSeconds: 600 },
  ],
  phoneBooks: [],
  settings: {},
};
