// finesse.clientservices.ClientServices (gadget reference §4.2, §3.3, §3.4): the gadget's link to the
// master over gadgets.Hub and to REST through gadgets.io.makeRequest. It is also the environment the
// restservices objects run in (./rest/environment.ts).
import { authorizationHeader, decodeAuthorization, encodeAuthorization } from './credentials.js';
import type { FinesseGadgetConfig } from './config.js';
import { ConnectionStatus, type StatusHandlerKind } from './connection-status.js';
import { callSafely, gadgetsApi, gadgetsHub, type IoResponse, newInvokeId } from './gadgets-api.js';
import { HubSubscriptions } from './hub-subscriptions.js';
import { answerNodeHandler, INFO_CONNECTION, type NodeHandler, type PendingResponse, requestWithResponse } from './info-requests.js';
import type { RestEnvironment } from './rest/environment.js';

type ClientConfig = FinesseGadgetConfig | Record<string, unknown>;

interface Logger {
  log(message: string): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const filled = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Checks `init`'s config and derives `id`/`password` from `authorization` (or the reverse). */
function prepareConfig(config: unknown): Record<string, unknown> {
  if (!isRecord(config)) throw new Error('ClientServices.init: a config object is required');
  for (const field of ['host', 'restHost']) {
    if (!filled(config[field])) throw new Error(`ClientServices.init: config.${field} is required`);
  }
  if (filled(config.authorization)) {
    const credentials = decodeAuthorization(config.authorization);
    if (credentials) {
      config.id = credentials.id;
      config.password = credentials.password;
      return config;
    }
    if (!filled(config.id) || typeof config.password !== 'string') throw new Error('ClientServices.init: config.authorization is not base64 of id:password');
    return config;
  }
  if (!filled(config.id) || !filled(config.password)) throw new Error('ClientServices.init: config.authorization (or id and password) is required');
  config.authorization = encodeAuthorization({ id: config.id, password: config.password });
  return config;
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The answer a makeRequest gets when the page has no container runtime to send it. */
const NO_RUNTIME: IoResponse = { rc: 500, text: '', data: null, errors: ['500 Error'] };

export function createClientServices(defaultConfig: FinesseGadgetConfig) {
  const status = new ConnectionStatus();
  const subscriptions = new HubSubscriptions();
  let config: ClientConfig = defaultConfig;
  let started = false;
  let logger: Logger | undefined;

  function onConnectionInfo(data: unknown): void {
    if (isRecord(data) && typeof data.status === 'string') status.update(data.status);
  }

  /** §3.4 start-up: learn the current status; the master may answer on the shared topic or the response topic. */
  function startUp(): void {
    const hub = gadgetsHub();
    const invokeID = newInvokeId();
    let pending: PendingResponse | undefined;
    hub.subscribe(INFO_CONNECTION, (_topic, data) => {
      if (isRecord(data) && data.invokeID === invokeID) pending?.settle();
      onConnectionInfo(data);
    });
    pending = requestWithResponse(hub, 'ConnectionInfoReq', {}, onConnectionInfo, invokeID);
  }

  function makeRequest(url: string, handler: unknown, params?: unknown): void {
    const options: Record<string, unknown> = isRecord(params) ? { ...params } : {};
    const headers: Record<string, unknown> = isRecord(options.HEADERS) ? { ...options.HEADERS } : {};
    const authorization = authorizationHeader(config);
    if (authorization && !hasHeader(headers, 'authorization')) headers.Authorization = authorization;
    if (filled(config.locale) && !hasHeader(headers, 'locale')) headers.locale = config.locale;
    options.HEADERS = headers;
    const deliver = (response: IoResponse) => {
      if (typeof handler === 'function') callSafely(handler as (r: IoResponse) => void, response);
    };
    const io = gadgetsApi()?.io;
    if (!io || typeof io.makeRequest !== 'function') {
      setTimeout(() => deliver(NO_RUNTIME), 0);
      return;
    }
    io.makeRequest(url, deliver, options);
  }

  function subscribe(topic: string, handler: unknown): string {
    return subscriptions.add(topic, handler, (data) => {
      if (typeof handler === 'function') handler(data);
    });
  }

  function unsubscribe(topicOrSubId: string, handler?: unknown): boolean {
    return subscriptions.remove(topicOrSubId, handler);
  }

  function subscribeNode(node: string, handler?: NodeHandler): string {
    return requestWithResponse(gadgetsHub(), 'SubscribeNodeReq', { node }, (response) => answerNodeHandler(handler, response)).invokeID;
  }

  /** `unsubscribeNode(node[, subid][, handler])`: a function or object in second place is the handler. */
  function unsubscribeNode(node: string, subid?: unknown, handler?: NodeHandler): string {
    const subidIsHandler = typeof subid === 'function' || isRecord(subid);
    const data: Record<string, unknown> = { node };
    if (!subidIsHandler && subid !== undefined) data.subid = subid;
    const answerTo = subidIsHandler ? (subid as NodeHandler) : handler;
    return requestWithResponse(gadgetsHub(), 'UnsubscribeNodeReq', data, (response) => answerNodeHandler(answerTo, response)).invokeID;
  }

  const register = (kind: StatusHandlerKind) => (handler: unknown) => status.register(kind, handler);
  const unregister = (kind: StatusHandlerKind) => (handler: unknown) => status.unregister(kind, handler);

  const services = {
    init(cfg: unknown, _ignored?: unknown) {
      config = prepareConfig(cfg);
      if (!started) {
        startUp();
        started = true;
      }
      return services;
    },
    registerOnConnectHandler: register('connect'),
    unregisterOnConnectHandler: unregister('connect'),
    registerOnDisconnectHandler: register('disconnect'),
    unregisterOnDisconnectHandler: unregister('disconnect'),
    registerOnConnectingHandler: register('connecting'),
    registerOnDisconnectingHandler: register('disconnecting'),
    registerOnReconnectingHandler: register('reconnecting'),
    registerOnUnloadingHandler: register('unloading'),
    setLogger(next: unknown) {
      logger = isRecord(next) && typeof next.log === 'function' ? (next as unknown as Logger) : undefined;
    },
    log(message: unknown) {
      logger?.log(String(message));
    },
    makeRequest,
    subscribe,
    unsubscribe,
    subscribeNode,
    unsubscribeNode,
    getRestHost: () => (typeof config.restHost === 'string' ? config.restHost : ''),
    getNotificationConnectionState: () => status.status,
    isMaster: () => false,
  };

  const environment: RestEnvironment = {
    config: () => config as ReturnType<RestEnvironment['config']>,
    makeRequest: (url, callback, params) => makeRequest(url, callback, params),
    subscribe: (topic, onData) => void subscribe(topic, onData),
    unsubscribe: (topic, onData) => void unsubscribe(topic, onData),
    subscribeNode: (node) => void subscribeNode(node),
  };

  return { services, environment };
}
