import { deriveSeed, HEADER_FRAGMENTS, JSON_FRAGMENTS, mutate, pick, prng, URL_FRAGMENTS, weighted, XML_FRAGMENTS } from '../support/mutator.js';
import { basic, HttpLane, rawRequest, type HttpOutcome } from '../support/raw-http.js';
import { CHECK_USERS, extensionOf, PASSWORD, SUPERVISOR, xmlHeaders } from './accounts.js';
import { edits, sleep, type Context } from './context.js';
import { CONTENT_TYPES, CONTROL_CALLS, DIALOG_POSTS, DIALOG_PUTS, GET_TARGETS, selfBodies, SUPERVISOR_BODIES } from './seeds.js';

export async function restBodyWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `rest-body-${lane}`));
  const http = new HttpLane(ctx.port, lane);
  try {
    while (ctx.budget.take('rest-body')) {
      const target = weighted(random, { check: 80, dialogPost: 7, dialogPut: 9, control: 4 });
      const contentType = random() < 0.75 ? 'application/xml' : pick(random, CONTENT_TYPES);
      if (target === 'check') {
        const user = pick(random, CHECK_USERS);
        const bySupervisor = random() < 0.15;
        const body = mutate(random, pick(random, bySupervisor ? SUPERVISOR_BODIES : selfBodies(extensionOf(user))), XML_FRAGMENTS, edits(random));
        const request = rawRequest('PUT', `/finesse/api/User/${user}`, xmlHeaders(bySupervisor ? SUPERVISOR : user, contentType, body), body);
        await ctx.oracle.put(user, 'rest-body', body, () => http.send(request));
      } else if (target === 'dialogPost') {
        const body = mutate(random, pick(random, DIALOG_POSTS), XML_FRAGMENTS, edits(random));
        ctx.figures.outcome(
          'rest-body',
          await http.send(rawRequest('POST', '/finesse/api/User/agentB/Dialogs', xmlHeaders('agentB', contentType, body), body)),
          body,
        );
      } else if (target === 'dialogPut') {
        const live = ctx.dialogIds.length > 0 && random() < 0.8;
        if (live) ctx.figures.count('dialogPutsOnLiveDialogs');
        const id = live ? pick(random, ctx.dialogIds) : String(Math.floor(random() * 100_000));
        const body = mutate(random, pick(random, DIALOG_PUTS), XML_FRAGMENTS, edits(random));
        ctx.figures.outcome('rest-body', await http.send(rawRequest('PUT', `/finesse/api/Dialog/${id}`, xmlHeaders('agentB', contentType, body), body)), body);
      } else {
        const body = mutate(random, pick(random, CONTROL_CALLS), random() < 0.5 ? JSON_FRAGMENTS : XML_FRAGMENTS, edits(random));
        const type = random() < 0.9 ? 'application/json' : contentType;
        ctx.figures.outcome('rest-body', await http.send(rawRequest('POST', '/openfinesse/api/calls', xmlHeaders('admin', type, body), body)), body);
      }
    }
  } finally {
    http.close();
  }
}

const ALL_HEADER_FRAGMENTS = [...HEADER_FRAGMENTS, ...XML_FRAGMENTS];

export async function headerWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `header-${lane}`));
  const http = new HttpLane(ctx.port, 100 + lane);
  let n = 0;
  while (ctx.budget.take('header')) {
    const target = weighted(random, { check: 70, user: 15, team: 15 });
    const user = target === 'check' ? pick(random, CHECK_USERS) : target === 'user' ? 'agentA' : 'supervisorA';
    const body = target === 'check' ? pick(random, selfBodies(extensionOf(user)).slice(0, 6)) : undefined;
    const lines = [
      `Host: 127.0.0.1:${ctx.port}`,
      `Authorization: ${basic(user, PASSWORD)}`,
      ...(body !== undefined ? ['Content-Type: application/xml; charset=utf-8'] : []),
      'Accept: application/xml, text/xml, */*',
      `requestId: soak-h${lane}-${n++}`,
      'User-Agent: openfinesse-soak/1',
      ...(body !== undefined ? [`Content-Length: ${Buffer.byteLength(body)}`] : []),
      'Connection: keep-alive',
    ];
    const block = mutate(random, lines.join('\r\n'), ALL_HEADER_FRAGMENTS, edits(random));
    const path = target === 'check' ? `/finesse/api/User/${user}` : target === 'user' ? '/finesse/api/User/agentA' : '/finesse/api/Team/1';
    const request = rawRequest(body !== undefined ? 'PUT' : 'GET', path, block, body);
    // Mutated framing headers make the answer's place in a reused connection uncertain: one connection each.
    const send = (): Promise<HttpOutcome> => http.send(request, { oneShot: true, timeoutMs: 3000 });
    if (target === 'check') await ctx.oracle.put(user, 'header', block, send);
    else ctx.figures.outcome('header', await send(), block);
  }
  http.close();
}

/**
 * Targets the HTTP parser may refuse (anything but visible ASCII): the server answers those and closes
 * the connection, so they get a connection of their own.
 */
const UNSAFE_TARGET = /[^\x21-\x7e]/;

export async function queryWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `query-${lane}`));
  const http = new HttpLane(ctx.port, 200 + lane);
  let n = 0;
  while (ctx.budget.take('query')) {
    if (random() < 0.25) {
      const user = pick(random, CHECK_USERS);
      const query = mutate(random, `?requestId=q${lane}-${n++}&state=READY&extension=${extensionOf(user)}`, URL_FRAGMENTS, edits(random));
      const body = pick(random, selfBodies(extensionOf(user)).slice(0, 6));
      const request = rawRequest('PUT', `/finesse/api/User/${user}${query}`, xmlHeaders(user, 'application/xml', body), body);
      await ctx.oracle.put(user, 'query', query, () => http.send(request, { oneShot: UNSAFE_TARGET.test(query), timeoutMs: 5000 }));
    } else {
      const [seed, user] = pick(random, GET_TARGETS);
      const target = mutate(random, seed, URL_FRAGMENTS, edits(random));
      const request = rawRequest('GET', target, [
        ['Host', 'localhost'],
        ['Authorization', basic(user, PASSWORD)],
      ]);
      ctx.figures.outcome('query', await http.send(request, { oneShot: UNSAFE_TARGET.test(target), timeoutMs: 5000 }), target);
    }
  }
  http.close();
}

/**
 * Keeps agentB, whose dialogs the mutated Dialog bodies act on, signed in and able to place calls: every
 * two seconds it reads agentB's dialogs (for the ids the workers aim at), now and then drops them and
 * puts agentB back to NOT_READY. Unmutated, not counted as inputs; answers checked for 5xx.
 */
export async function dialogKeeper(ctx: Context): Promise<void> {
  const http = new HttpLane(ctx.port, 400);
  const auth = basic('agentB', PASSWORD);
  const send = async (method: string, path: string, body?: string): Promise<HttpOutcome> => {
    const outcome = await http.send(
      rawRequest(
        method,
        path,
        [
          ['Host', 'localhost'],
          ['Authorization', auth],
          ...(body
            ? ([
                ['Content-Type', 'application/xml'],
                ['Content-Length', String(Buffer.byteLength(body))],
              ] as [string, string][])
            : []),
        ],
        body,
      ),
    );
    if (outcome.kind === 'response' && outcome.status >= 500) ctx.figures.outcome('rest-body', outcome, `${method} ${path} ${body ?? ''}`);
    return outcome;
  };
  let round_ = 0;
  while (!ctx.budget.stopped) {
    const dialogs = await send('GET', '/finesse/api/User/agentB/Dialogs');
    const ids = dialogs.kind === 'response' ? [...dialogs.body.toString('utf8').matchAll(/<\/fromAddress><id>([^<]+)<\/id>/g)].map((m) => m[1]!) : [];
    ctx.dialogIds.splice(0, ctx.dialogIds.length, ...ids);
    if (round_++ % 5 === 4) {
      for (const id of ids)
        await send('PUT', `/finesse/api/Dialog/${id}`, '<Dialog><targetMediaAddress>1002</targetMediaAddress><requestedAction>DROP</requestedAction></Dialog>');
      await send('PUT', '/finesse/api/User/agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
      await send('PUT', '/finesse/api/User/agentB', '<User><state>NOT_READY</state></User>');
    }
    for (let i = 0; i < 20 && !ctx.budget.stopped; i++) await sleep(100);
  }
  http.close();
}
