/** Resource URIs and pubsub node names. URIs never end with `/` (clients take the last segment as the id). */
export const API = '/finesse/api';

export const userUri = (loginId: string): string => `${API}/User/${loginId}`;
export const userDialogsUri = (loginId: string): string => `${API}/User/${loginId}/Dialogs`;
export const teamUri = (teamId: string): string => `${API}/Team/${teamId}`;
export const teamUsersNode = (teamId: string): string => `${API}/Team/${teamId}/Users`;
/** A team's messages: the list (`GET`) and the pubsub node its agents are subscribed to without asking. */
export const teamMessagesUri = (teamId: string): string => `${API}/Team/${teamId}/TeamMessages`;
export const teamMessageUri = (id: string): string => `${API}/TeamMessage/${id}`;
export const reasonCodeUri = (id: string): string => `${API}/ReasonCode/${id}`;
export const wrapUpReasonUri = (id: string): string => `${API}/WrapUpReason/${id}`;
export const userWrapUpReasonUri = (loginId: string, id: string): string => `${API}/User/${loginId}/WrapUpReason/${id}`;
export const systemInfoUri = `${API}/SystemInfo`;
export const dialogUri = (dialogId: string): string => `${API}/Dialog/${dialogId}`;
export const queueUri = (queueId: string): string => `${API}/Queue/${queueId}`;
export const userQueuesUri = (loginId: string): string => `${API}/User/${loginId}/Queues`;
export const phoneBookUri = (id: string): string => `${API}/PhoneBook/${id}`;
export const phoneBookContactsUri = (id: string): string => `${API}/PhoneBook/${id}/Contacts`;
export const contactUri = (phoneBookId: string, id: string): string => `${API}/PhoneBook/${phoneBookId}/Contact/${id}`;
export const workflowActionUri = (id: string): string => `${API}/WorkflowAction/${id}`;
export const workflowUri = (id: string): string => `${API}/Workflow/${id}`;
export const mediaPropertiesLayoutUri = (id: string): string => `${API}/MediaPropertiesLayout/${id}`;
export const defaultLayoutConfigUri = `${API}/LayoutConfig/default`;
