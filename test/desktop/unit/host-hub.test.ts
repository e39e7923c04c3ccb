import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessagePort as NodePort } from 'node:worker_threads';
import { MASTER_ID } from '../../../src/desktop/src/gadgets/hub/router.js';
import { createGadgetHub } from '../../../src/desktop/src/gadgets/host/hub-host.js';

// The hub host without a browser (chromium covers the real frames: test/desktop/gadget-host*.test.ts):
// the master services' hook, and the handshake's checks with a stand-in window and frame.

function standIns() {
  const win = new EventTarget() as unknown as Window;
  const welcomes: MessagePort[] = [];
  const frameWindow = { postMessage: (_m: unknown, _o: string, ports: MessagePort[]) => welcomes.push(...ports) };
  const iframe = { contentWindow: frameWindow } as unknown as HTMLIFrameElement;
  const hello = (data: unknown, source: unknown = frameWindow) => {
    const event = new Event('message');
    Object.assign(event, { data, source });
    win.dispatchEvent(event);
  };
  return { win, welcomes, iframe, hello };
}

const quiet = () => {};

test('hub host: the master services get the router, the deliveries to MASTER_ID they subscribed for, and a stop', async () => {
  const { win } = standIns();
  const seen: string[] = [];
  let stopped = false;
  const hub = createGadgetHub({
    window: win,
    log: quiet,
    onMasterReady: (router) => {
      router.subscribe(MASTER_ID, 'finesse.info.requests', 'master-1');
      return {
        deliver: (d) => d.subId === 'master-1' && seen.push(`${d.topic}:${JSON.stringify(d.data)}`) > 0,
        stop: async () => {
          stopped = true;
        },
      };
    },
  });
  const received: unknown[] = [];
  hub.subscribe('acme.*', (topic, data) => received.push([topic, data]));
  hub.publish('finesse.info.requests', { type: 'ConnectionInfoReq' });
  hub.publish('acme.x', 1);
  assert.deepEqual(seen, ['finesse.info.requests:{"type":"ConnectionInfoReq"}']);
  assert.deepEqual(received, [['acme.x', 1]]);
  hub.close();
  await new Promise((r) => setImmediate(r));
  assert.equal(stopped, true);
});

test('hub host: a hello is accepted only from the frame, with its mid and nonce, once', () => {
  const { win, welcomes, iframe, hello } = standIns();
  const hub = createGadgetHub({ window: win, log: quiet });
  const link = hub.attach({ mid: 4, iframe, nonce: 'n-4', onMessage: quiet });
  hello({ kind: 'openfinesse.hello', mid: 4, nonce: 'n-4' }, { postMessage: quiet });
  hello({ kind: 'openfinesse.hello', mid: 4, nonce: 'wrong' });
  hello({ kind: 'openfinesse.hello', mid: 5, nonce: 'n-4' });
  hello({ kind: 'openfinesse.hello', mid: 4 });
  assert.equal(welcomes.length, 0);
  hello({ kind: 'openfinesse.hello', mid: 4, nonce: 'n-4' });
  assert.equal(welcomes.length, 1);
  hello({ kind: 'openfinesse.hello', mid: 4, nonce: 'n-4' });
  assert.equal(welcomes.length, 1, 'the nonce is spent');
  link.detach();
  for (const port of welcomes) (port as unknown as NodePort).close();
  hub.close();
});
