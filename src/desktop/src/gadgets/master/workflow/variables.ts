import type { Dialog } from '../../../finesse/model.js';

// The variables a workflow's conditions and `${…}` placeholders read (gadget reference §5, admin reference
// §8.1): every call variable by its name (callVariable1..10, ECC `user.*`, BA*), every scalar media property
// (DNIS, dialedNumber, callType, queueName, queueNumber, callKeyCallId, callKeyPrefix, callKeySequenceNum,
// wrapUpReason, …), the dialog's addresses, and the agent's own details. Values are trimmed.

/** The signed-in agent, as the workflow variables name him. */
export interface AgentDetails {
  loginId: string;
  extension: string;
  firstName: string;
  lastName: string;
  teamId: string;
  teamName: string;
}

export type WorkflowVariables = ReadonlyMap<string, string>;

export function agentVariables(agent: AgentDetails): [string, string][] {
  return [
    ['agentId', agent.loginId],
    ['agentExtension', agent.extension],
    ['agentFirstName', agent.firstName],
    ['agentLastName', agent.lastName],
    ['teamId', agent.teamId],
    ['teamName', agent.teamName],
  ];
}

/** The variables of `dialog` for `agent`; a call variable shadows nothing of the agent's (names never collide). */
export function dialogVariables(dialog: Dialog, agent: AgentDetails | null): WorkflowVariables {
  const vars = new Map<string, string>();
  const set = (name: string, value: string) => {
    if (name !== '') vars.set(name, value.trim());
  };
  if (agent) for (const [name, value] of agentVariables(agent)) set(name, value);
  set('dialogId', dialog.id);
  set('fromAddress', dialog.fromAddress);
  set('toAddress', dialog.toAddress);
  for (const [name, value] of Object.entries(dialog.properties)) set(name, value);
  for (const variable of dialog.callVariables) set(variable.name, variable.value);
  return vars;
}
