import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../support/server.js';
import { agentPrefs, gadgetWindow, plain, tick } from './support/finesse-js-window.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

async function signedInGadget() {
  const g = await gadgetWindow({ prefs: agentPrefs(), serverBaseUrl: server.baseUrl });
  g.finesse.clientservices.ClientServices.init(g.finesse.gadget.Config);
  return g;
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await tick(10);
  assert.ok(done(), 'timed out');
};

test('tier 3: MediaList, Media and MediaDialogs reach the real server, which has no media REST: onError gets the 404 response object', async () => {
  const g = await signedInGadget();
  const { MediaList, Media, MediaDialogs } = g.finesse.restservices;
  const errors: any[] = [];
  let loaded = 0;
  new MediaList({ onLoad: () => loaded++, onError: (rsp: any) => errors.push(plain(rsp)) });
  new Media({ id: '5000', onLoad: () => loaded++, onError: (rsp: any) => errors.push(plain(rsp)) });
  new MediaDialogs({ mediaId: '5000', onError: (rsp: any) => errors.push(plain(rsp)) });
  await until(() => errors.length === 3);
  assert.equal(loaded, 0);
  assert.deepEqual(
    g.requests.map((r) => new URL(r.url).pathname),
    ['/finesse/api/User/agentA/MediaList', '/finesse/api/User/agentA/Media/5000', '/finesse/api/User/agentA/Media/5000/Dialogs'],
  );
  assert.ok(g.requests.every((r) => r.url.startsWith('http://localhost:8082/') && /[?&]nocache=\d+/.test(r.url)));
  assert.ok(g.requests.every((r) => r.params.HEADERS.Authorization === `Basic ${Buffer.from('agentA:demo').toString('base64')}`));
  for (const rsp of errors) {
    assert.equal(rsp.status, 404);
    assert.match(rsp.content, /<ApiErrors>/);
  }
  g.close();
});

test('tier 3: Media actions send their PUT and end in the error handler (or nowhere when no handlers are given)', async () => {
  const g = await signedInGadget();
  const { Media, InterruptActions, DialogLogoutActions } = g.finesse.restservices;
  const media = new Media({ id: '5000', data: { id: '5000', name: 'Chat', state: 'LOGOUT', routable: 'false' } });
  assert.deepEqual([media.getId(), media.getName(), media.getState(), media.isLoggedIn(), media.getRoutable()], ['5000', 'Chat', 'LOGOUT', false, false]);
  assert.equal(Media.States.READY, 'READY');
  assert.equal(InterruptActions.isValidAction(InterruptActions.ACCEPT), true);
  assert.equal(DialogLogoutActions.isValidAction('NOPE'), false);
  const outcomes: string[] = [];
  const handlers = { success: () => outcomes.push('success'), error: (rsp: any) => outcomes.push(`error ${rsp.status}`) };
  media.login({ maxDialogLimit: 3, interruptAction: 'ACCEPT', dialogLogoutAction: 'CLOSE', handlers });
  media.setState('READY', undefined, handlers);
  media.setRoutable({ routable: true, handlers: { error: handlers.error } });
  media.logout({ id: '5' }, {});
  await until(() => g.requests.length === 4 && outcomes.length === 3);
  await tick(50);
  assert.deepEqual(outcomes, ['error 404', 'error 404', 'error 404']);
  const put = g.requests[0]!;
  assert.equal(put.params.METHOD, 'PUT');
  assert.equal(put.params.HEADERS['Content-Type'], 'application/xml');
  assert.ok(put.params.HEADERS.requestId);
  assert.equal(
    put.params.POST_DATA,
    '<Media><state>LOGIN</state><maxDialogLimit>3</maxDialogLimit><interruptAction>ACCEPT</interruptAction><dialogLogoutAction>CLOSE</dialogLogoutAction></Media>',
  );
  assert.equal(g.requests[3]!.params.POST_DATA, '<Media><state>LOGOUT</state><reasonCodeId>5</reasonCodeId></Media>');
  assert.ok(media.getMediaDialogs({ onError: () => {} }));
  g.close();
});

test('tier 3: TaskActivityNotification, PopoverService, ChannelService and FinesseToaster exist and publish on openfinesse topics', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs(), mid: 9 });
  const cs = g.finesse.containerservices.ContainerServices.init();
  const { TaskActivityNotification, PopoverService, FinesseToaster } = g.finesse.containerservices;
  const ChannelService = g.finesse.digital.ChannelService;
  const task = TaskActivityNotification.init(cs);
  const notified: unknown[] = [];
  task.registerForTaskNotifications((data: unknown) => notified.push(plain(data)));
  task.notifyTaskSelection('crm', { taskId: 't1' });
  task.requestCurrentTasks();
  g.deliver('openfinesse.containerservices.taskActivity', { from: 'desktop', message: { taskId: 't2' } });
  assert.deepEqual(notified, [{ from: 'desktop', message: { taskId: 't2' } }]);
  const popoverId = PopoverService.init(cs).showPopover({ headerTitle: 'Incoming' }, { displayTimeoutInSecs: 10 }, { onAccept: () => {} });
  PopoverService.dismissPopover(popoverId);
  assert.equal(ChannelService.init(cs), ChannelService);
  assert.equal(ChannelService.STATE_STATUS.AVAILABLE, 'AVAILABLE');
  ChannelService.addChannel('chat', { menuConfig: { label: 'Chat' } });
  ChannelService.updateChannel('chat', { menuConfig: { label: 'Chat (2)' } });
  ChannelService.removeChannel('chat');
  FinesseToaster.init().showToaster('New chat', { body: 'from Ann' });
  assert.deepEqual(g.publishedOn('openfinesse.containerservices.popover'), [
    { action: 'show', popoverId, bannerData: { headerTitle: 'Incoming' }, timerData: { displayTimeoutInSecs: 10 }, actionData: {}, gadgetId: '9' },
    { action: 'dismiss', popoverId, gadgetId: '9' },
  ]);
  assert.deepEqual(
    g.publishedOn('openfinesse.containerservices.channel').map((m) => m.action),
    ['add', 'update', 'remove'],
  );
  assert.equal(g.publishedOn('openfinesse.containerservices.toaster')[0].title, 'New chat');
  assert.equal(g.publishedOn('openfinesse.containerservices.taskRequests')[0].type, 'CurrentTasksReq');
  g.close();
});

test('tier 3: without a container runtime the experimental services neither throw nor publish', async () => {
  const g = await gadgetWindow({ noGadgets: true });
  const { PopoverService, FinesseToaster, TaskActivityNotification } = g.finesse.containerservices;
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.doesNotThrow(() => {
      PopoverService.showPopover({});
      FinesseToaster.showToaster('x');
      TaskActivityNotification.registerForTaskNotifications(() => {});
      g.finesse.digital.ChannelService.addChannel('c', {});
    });
  } finally {
    console.warn = warn;
  }
  g.close();
});
