import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ConnectOptions, TestClient } from './client.js';
import { AuthFailure, Inbox, withTimeout } from './client.js';
import { parseXml } from './stanzas.js';

const SCRIPT = fileURLToPath(new URL('./slixmpp_client.py', import.meta.url));

/** Debian's python3-slixmpp over TCP, the stand-in for Pidgin; driven through JSON lines. */
export async function connectSlixmpp(
  port: number,
  options: ConnectOptions & { starttls?: boolean; mechanism?: string },
): Promise<TestClient & { mechanism: string }> {
  const jid = `${options.user}@localhost${options.resource ? `/${options.resource}` : ''}`;
  const child = spawn(
    '/usr/bin/python3',
    [
      SCRIPT,
      '127.0.0.1',
      String(port),
      jid,
      options.password ?? 'demo',
      options.starttls ? '1' : '0',
      options.presence === false ? '0' : '1',
      ...(options.mechanism ? [options.mechanism] : []),
    ],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const inbox = new Inbox();
  let resolveStreamError: (c: string) => void = () => undefined;
  const streamErrorSeen = new Promise<string>((r) => (resolveStreamError = r));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let mechanism = '';
  const started = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; xml?: string; jid?: string; condition?: string; mechanism?: string };
      if (event.event === 'bound') {
        mechanism = event.mechanism ?? '';
        resolve(event.jid!);
      } else if (event.event === 'auth_failed') reject(new AuthFailure(event.condition ?? 'unknown'));
      else if (event.event === 'stream_error') resolveStreamError(event.condition ?? 'unknown');
      else if (event.event === 'stanza') inbox.push(parseXml(event.xml!));
    });
    void exited.then(() => reject(new Error(`slixmpp exited before binding: ${stderr}`)));
  });
  let boundJid: string;
  try {
    boundJid = await withTimeout(started, 'slixmpp session start', 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const command = (c: object): void => {
    if (child.exitCode === null) child.stdin.write(`${JSON.stringify(c)}\n`);
  };
  const self: TestClient & { mechanism: string } = {
    mechanism,
    transport: 'tcp',
    jid: boundJid,
    received: inbox.received,
    async sendRaw(xml) {
      command({ cmd: 'send', xml });
    },
    iq: (text) => inbox.request(text, (t) => command({ cmd: 'send', xml: t })),
    waitFor: (match, what) => inbox.waitFor(match, what),
    sync: () => inbox.sync((t) => command({ cmd: 'send', xml: t })),
    streamError: () => withTimeout(streamErrorSeen, 'stream error'),
    async close() {
      command({ cmd: 'close' });
      await withTimeout(exited, 'slixmpp exit').catch(() => child.kill('SIGKILL'));
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
  return self;
}
