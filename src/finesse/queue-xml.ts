import type { Queue, QueueStatistics } from '../domain/queue.js';
import { queueUri } from './uris.js';
import { element } from './xml-escape.js';

function statisticsXml(s: QueueStatistics): string {
  return (
    '<statistics>' +
    element('callsInQueue', s.callsInQueue) +
    element(
      'startTimeOfLongestCallInQueue',
      s.startTimeOfLongestCallInQueue === null ? '' : new Date(s.startTimeOfLongestCallInQueue).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ) +
    element('agentsReady', s.agentsReady) +
    element('agentsNotReady', s.agentsNotReady) +
    element('agentsBusyOther', s.agentsBusyOther) +
    element('agentsLoggedOn', s.agentsLoggedOn) +
    element('agentsTalkingInbound', s.agentsTalkingInbound) +
    element('agentsTalkingOutbound', s.agentsTalkingOutbound) +
    element('agentsTalkingInternal', s.agentsTalkingInternal) +
    element('agentsWrapUpNotReady', s.agentsWrapUpNotReady) +
    element('agentsWrapUpReady', s.agentsWrapUpReady) +
    '</statistics>'
  );
}

/** The Queue object of reference §8.3; `root` is `Queue` for REST and in collections, `queue` in notifications. */
export function queueXml(queue: Queue, statistics: QueueStatistics, root: 'Queue' | 'queue' = 'Queue'): string {
  return `<${root}>${element('uri', queueUri(queue.id))}${element('name', queue.name)}${statisticsXml(statistics)}</${root}>`;
}

export function queuesXml(queues: readonly { queue: Queue; statistics: QueueStatistics }[]): string {
  return `<Queues>${queues.map((q) => queueXml(q.queue, q.statistics)).join('')}</Queues>`;
}
