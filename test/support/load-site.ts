import { writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';

/**
 * A site file in `dir`: `agents` agents d0… in team 9 and an administrator `boss`, every password `pw`;
 * with `supervisor`, a supervisor of team 9 by that login id as well.
 */
export function loadSite(dir: string, agents: number, supervisor?: string): string {
  const file = join(dir, 'site.yaml');
  const users = Array.from({ length: agents }, (_, i) => `  - { loginId: "d${i}", password: pw, team: "9" }`);
  if (supervisor !== undefined) users.push(`  - { loginId: "${supervisor}", password: pw, team: "9", supervises: ["9"] }`);
  writeFileSync(file, `teams:\n  - { id: "9", name: Load }\nusers:\n${users.join('\n')}\n  - { loginId: boss, password: pw, roles: [Administrator] }\n`);
  return file;
}

const connections = new Agent({ keepAlive: true, maxSockets: 64 });

/** One Finesse API request as `user` (password `pw`) on a kept-alive connection; rejects when the connection dies (the server was killed). */
export function keptAliveCall(baseUrl: string, method: string, path: string, user: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${user}:pw`).toString('base64')}` };
    if (body !== undefined) headers['content-type'] = 'application/xml';
    const req = httpRequest(`${baseUrl}/finesse/api${path}`, { method, headers, agent: connections }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
