import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { loadTlsMaterial } from '../../src/http/tls-certificate.js';
import { startTestServer, type TestServer } from './server.js';

let tlsFiles: Promise<{ tlsCert: string; tlsKey: string }> | undefined;

/** One self-signed pair per test process, so servers started per test skip the slow key generation. */
function sharedTls(): Promise<{ tlsCert: string; tlsKey: string }> {
  tlsFiles ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openfinesse-tls-'));
    await loadTlsMaterial(dir, 'localhost', null, null);
    return { tlsCert: join(dir, 'tls-cert.pem'), tlsKey: join(dir, 'tls-key.pem') };
  })();
  return tlsFiles;
}

/** A fresh demo server with only the REST listeners (HTTP and HTTPS) on free ports. */
export async function freshServer(config: Partial<ServerConfig> = {}, clock?: Clock): Promise<TestServer> {
  return startTestServer({ xmppPort: null, boshPort: null, boshTlsPort: null, ...(await sharedTls()), ...config }, clock);
}
