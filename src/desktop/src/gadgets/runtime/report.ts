import type { GadgetContainerMessage } from '../protocol.js';

// What the runtime has to say about the gadget (a refused publish, a failing onload handler, an
// ignored message) goes to the gadget's console and, as a `log` message, to the desktop, which logs it
// with the gadget's identity.

export type Report = (level: 'warn' | 'error', text: string) => void;

export const consoleReport: Report = (level, text) => console[level](text);

export function createReport(send: (message: GadgetContainerMessage) => void): Report {
  return (level, text) => {
    consoleReport(level, text);
    send({ kind: 'log', level, text });
  };
}
