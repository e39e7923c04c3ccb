import { deriveSeed, mutate, pick, prng, XML_FRAGMENTS } from '../support/mutator.js';
import { HttpLane, rawRequest, type HttpOutcome } from '../support/raw-http.js';
import { bindIq, plainAuth, replyTo } from '../support/soak-xmpp.js';
import { PASSWORD, XMPP_USERS } from './accounts.js';
import { edits, sleep, type Context } from './context.js';
import { BOSH_NS, boshCreate, boshCreateSeeds, boshIn, boshInSeeds, STANZAS } from './seeds.js';

export async function boshWorker(ctx: Context, lane: number): Promise<void> {
  const random = prng(deriveSeed(ctx.seed, `bosh-${lane}`));
  const user = XMPP_USERS[(lane + 2) % XMPP_USERS.length]!;
  const http = new HttpLane(ctx.port, 300 + lane);
  const stanzas = STANZAS(user, `${user.toLowerCase()}@localhost/soak-bosh-${lane}`);
  const post = (body: string): Promise<HttpOutcome> =>
    http.send(
      rawRequest(
        'POST',
        '/http-bind/',
        [
          ['Host', 'localhost'],
          ['Content-Type', 'text/xml; charset=utf-8'],
          ['Content-Length', String(Buffer.byteLength(body))],
        ],
        body,
      ),
    );
  /** Unmutated traffic: its answers are checked for 5xx too, but it is not counted as input. */
  const plain = async (body: string, expect: RegExp): Promise<string | null> => {
    const outcome = await post(body);
    if (outcome.kind === 'response' && outcome.status >= 500) ctx.figures.outcome('bosh', outcome, body);
    if (outcome.kind !== 'response' || outcome.status !== 200) return null;
    const text = outcome.body.toString('utf8');
    return expect.test(text) && !/type=['"]terminate['"]/.test(text) ? text : null;
  };
  const sidOf = (text: string): string | undefined => /\bsid=['"]([^'"]+)['"]/.exec(text)?.[1];
  let session: { sid: string; rid: number } | null = null;
  let sessions = 0;
  try {
    while (!ctx.budget.stopped) {
      if (random() < 0.4) {
        if (!ctx.budget.take('bosh')) break;
        const rid = 1000 + Math.floor(random() * 1_000_000);
        const body = mutate(random, pick(random, boshCreateSeeds(rid)), XML_FRAGMENTS, edits(random));
        const outcome = await post(body);
        ctx.figures.outcome('bosh', outcome, body);
        const text = outcome.kind === 'response' ? outcome.body.toString('utf8') : '';
        const sid = sidOf(text);
        if (sid && !/type=['"]terminate['"]/.test(text)) {
          // Whatever rid the mutation left, a terminate with the next few ends the session.
          ctx.figures.count('boshSessionsCreatedByMutations');
          await plain(`<body rid='${rid + 1}' sid='${sid}' type='terminate' xmlns='${BOSH_NS}'/>`, /./);
        }
        continue;
      }
      if (!session) {
        const rid = 1000 + Math.floor(random() * 1_000_000);
        ctx.figures.count('boshLogins');
        const created = await plain(boshCreate(rid), /<\/stream:features>/);
        const sid = created ? sidOf(created) : undefined;
        const ok =
          sid !== undefined &&
          (await plain(boshIn(rid + 1, sid, plainAuth(user, PASSWORD)), /<success\b/)) !== null &&
          (await plain(
            `<body rid='${rid + 2}' sid='${sid}' xmlns='${BOSH_NS}' to='localhost' xml:lang='en' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'/>`,
            /<bind\b/,
          )) !== null &&
          (await plain(boshIn(rid + 3, sid, bindIq('bind1', `soak-bosh-${lane}-${sessions++}`)), replyTo('bind1'))) !== null;
        if (!ok) {
          ctx.figures.count('boshLoginFailures');
          await sleep(100);
          continue;
        }
        session = { sid: sid!, rid: rid + 3 };
      }
      if (!ctx.budget.take('bosh')) break;
      const body = mutate(random, pick(random, boshInSeeds(session.rid + 1, session.sid, stanzas, random)), XML_FRAGMENTS, edits(random));
      const outcome = await post(body);
      ctx.figures.outcome('bosh', outcome, body);
      const text = outcome.kind === 'response' ? outcome.body.toString('utf8') : '';
      if (outcome.kind === 'response' && outcome.status === 200 && !/type=['"]terminate['"]/.test(text)) session.rid++;
      else {
        // If the mutation hit the sid, the session itself lives on: end it, so sessions do not pile up
        // until their inactivity timeout.
        ctx.figures.count('boshSessionsEnded');
        await plain(`<body rid='${session.rid + 1}' sid='${session.sid}' type='terminate' xmlns='${BOSH_NS}'/>`, /./);
        session = null;
      }
    }
  } finally {
    if (session) await plain(`<body rid='${session.rid + 1}' sid='${session.sid}' type='terminate' xmlns='${BOSH_NS}'/>`, /./);
    http.close();
  }
}
