import type { DialogSnapshot, ParticipantSnapshot } from '../domain/dialog.js';
import type { AsyncApiError } from '../domain/events.js';
import { finesseTime } from './time.js';
import { dialogUri } from './uris.js';
import { element } from './xml-escape.js';

function participantXml(p: ParticipantSnapshot): string {
  return (
    '<Participant>' +
    `<actions>${p.actions.map((a) => element('action', a)).join('')}</actions>` +
    element('mediaAddress', p.mediaAddress) +
    element('mediaAddressType', p.loginId === null ? '' : 'AGENT_DEVICE') +
    element('startTime', finesseTime(p.startTime)) +
    element('state', p.state) +
    element('stateCause', p.stateCause) +
    element('stateChangeTime', finesseTime(p.stateChangeTime)) +
    '</Participant>'
  );
}

/** The Dialog object of reference §7.1; `root` is `Dialog` for REST and in collections, `dialog` for item notifications. */
export function dialogXml(d: DialogSnapshot, root: 'Dialog' | 'dialog' = 'Dialog'): string {
  const mp = d.mediaProperties;
  let vars = '';
  for (const [name, value] of mp.callVariables) vars += `<CallVariable>${element('name', name)}${element('value', value)}</CallVariable>`;
  return (
    `<${root}>` +
    element('associatedDialogUri', d.associatedDialogId === null ? '' : dialogUri(d.associatedDialogId)) +
    element('fromAddress', d.fromAddress) +
    element('id', d.id) +
    '<mediaProperties>' +
    element('DNIS', mp.dnis) +
    element('callType', mp.callType) +
    element('dialedNumber', mp.dialedNumber) +
    element('outboundClassification', '') +
    element('queueNumber', mp.queueNumber) +
    element('queueName', mp.queueName) +
    element('wrapUpReason', mp.wrapUpReason) +
    `<callvariables>${vars}</callvariables>` +
    '</mediaProperties>' +
    element('mediaType', 'Voice') +
    `<participants>${d.participants.map(participantXml).join('')}</participants>` +
    (d.secondaryId === null ? '' : element('secondaryId', d.secondaryId)) +
    element('state', d.state) +
    element('toAddress', d.toAddress) +
    element('uri', dialogUri(d.id)) +
    `</${root}>`
  );
}

/** `<Dialogs>` for REST, `<dialogs>` as the data of collection notifications; items stay `<Dialog>`. */
export function dialogsXml(dialogs: readonly DialogSnapshot[], root: 'Dialogs' | 'dialogs' = 'Dialogs'): string {
  return `<${root}>${dialogs.map((d) => dialogXml(d)).join('')}</${root}>`;
}

/** The data of an asynchronous error notification (reference §9.7): lower-camel names. */
export function asyncApiErrorsXml(errors: readonly AsyncApiError[]): string {
  return `<apiErrors>${errors
    .map((e) => `<apiError>${element('errorData', e.errorData)}${element('errorMessage', e.errorMessage)}${element('errorType', e.errorType)}</apiError>`)
    .join('')}</apiErrors>`;
}
