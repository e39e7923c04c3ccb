import { topicMatches } from './topics.js';

// Hub policy (gadget reference §7.3): the router asks these hooks before every gadget publish and
// subscribe, like a ManagedHub's onPublish/onSubscribe. The master (the desktop) is never checked.

/** Topics only the master publishes on (§3.2, §7.3): a gadget publishing there could spoof notifications. */
export const MASTER_OWNED_PATTERNS: readonly string[] = [
  'finesse.api.**',
  'finesse.info.connection',
  'finesse.info.presence',
  'finesse.info.responses.**',
  'finesse.containerservices.activeTab',
  'finesse.containerservices.workflowActionEvent',
  'finesse.containerservices.timerTickEvent',
  'finesse.containerservices.reloadGadget',
  'finesse.containerservices.gadgetViewChangedEvent',
  'finesse.containerservices.maxAvailableHeightChangedEvent',
];

export function isMasterOwnedTopic(topic: string): boolean {
  return MASTER_OWNED_PATTERNS.some((pattern) => topicMatches(pattern, topic));
}

export interface HubPolicy {
  /** Whether the gadget `clientId` may publish on `topic` (a valid topic). */
  canPublish(clientId: string, topic: string): boolean;
  /** Whether the gadget `clientId` may subscribe with `pattern` (a valid pattern). */
  canSubscribe(clientId: string, pattern: string): boolean;
}

export interface DefaultPolicyOptions {
  /**
   * Refuse gadget publishes on master-owned topics (default true). Finesse itself does not, hence the
   * admin switch §7.3 asks for.
   */
  protectMasterTopics?: boolean;
}

/** The default policy: gadgets subscribe to anything and publish anywhere but on master-owned topics. */
export function defaultPolicy(options: DefaultPolicyOptions = {}): HubPolicy {
  const protect = options.protectMasterTopics ?? true;
  return {
    canPublish: (_clientId, topic) => !(protect && isMasterOwnedTopic(topic)),
    canSubscribe: () => true,
  };
}
