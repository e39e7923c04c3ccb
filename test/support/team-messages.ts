import assert from 'node:assert/strict';
import type { HttpResult } from './http.js';
import { request } from './http.js';
import type { XmlElement } from './xml.js';
import { parseXml } from './xml.js';

/** `<TeamMessage>` of a create: duration (seconds), content (escaped), teams. */
export function teamMessageBody(duration: number | string, content: string, teams: readonly string[]): string {
  const escaped = content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<TeamMessage><duration>${duration}</duration><content>${escaped}</content><teams>${teams.map((t) => `<team>${t}</team>`).join('')}</teams></TeamMessage>`;
}

export const postTeamMessage = (baseUrl: string, actor: string, body: string): Promise<HttpResult> =>
  request(baseUrl, 'POST', '/finesse/api/TeamMessage', { user: actor, body });

/** A create that must succeed: 200, empty body, an absolute Location naming a UUID; the id. */
export async function createTeamMessage(baseUrl: string, actor: string, duration: number, content: string, teams: readonly string[]): Promise<string> {
  const r = await postTeamMessage(baseUrl, actor, teamMessageBody(duration, content, teams));
  assert.equal(r.status, 200, `POST /TeamMessage: ${r.body}`);
  assert.equal(r.body, '');
  const match = /^http:\/\/127\.0\.0\.1:\d+\/finesse\/api\/TeamMessage\/([0-9a-f-]{36})$/.exec(r.headers.get('location') ?? '');
  assert.ok(match, `Location: ${r.headers.get('location')}`);
  return match[1]!;
}

/** `GET /Team/{team}/TeamMessages` as `actor`, which must answer 200; the list. */
export async function teamMessages(baseUrl: string, actor: string, team: string): Promise<XmlElement> {
  const r = await request(baseUrl, 'GET', `/finesse/api/Team/${team}/TeamMessages`, { user: actor });
  assert.equal(r.status, 200, `GET /Team/${team}/TeamMessages: ${r.body}`);
  const list = parseXml(r.body);
  assert.equal(list.name, 'TeamMessages');
  return list;
}

/** The contents of a team's active messages, as `actor` reads them. */
export async function contentsOf(baseUrl: string, actor: string, team: string): Promise<string[]> {
  return (await teamMessages(baseUrl, actor, team)).children.map((m) => m.children.find((c) => c.name === 'content')!.text);
}
