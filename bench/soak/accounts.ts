import { basic } from '../support/raw-http.js';

export const PASSWORD = 'demo';
export const CHECK_USERS = Array.from({ length: 32 }, (_, i) => `soak${String(i + 1).padStart(2, '0')}`);
export const SUPERVISOR = 'soakSup';
/** Digits 8 and 9 only: no dialed number of the mutated dialog and call bodies can become one. */
export const extensionOf = (user: string): string => `9${(CHECK_USERS.indexOf(user) + 1).toString(2).padStart(7, '0').replace(/0/g, '8').replace(/1/g, '9')}`;
/** Demo users the XMPP, BOSH and WebSocket workers sign in as. */
export const XMPP_USERS = ['agentA', 'agentC', 'supervisorA', 'supervisorB'];

export const xmlHeaders = (user: string, contentType: string, body: string): [string, string][] => [
  ['Host', 'localhost'],
  ['Authorization', basic(user, PASSWORD)],
  ...(contentType ? ([['Content-Type', contentType]] as [string, string][]) : []),
  ['Content-Length', String(Buffer.byteLength(body))],
];
