import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logging.js';
import { startServer } from '../../src/server.js';
import type { RunningServer } from '../../src/server.js';
import { testStoreFor } from './test-store.js';

export interface TestServer extends RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

/** A real server with demo data on 127.0.0.1, every listener on a free port, in a fresh data directory. */
export async function startTestServer(config: Partial<ServerConfig> = {}, clock?: Clock): Promise<TestServer> {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'openfinesse-test-'));
  const store = config.store ?? (await testStoreFor(dataDir));
  const server = await startServer(
    { demo: true, httpPort: 0, httpsPort: 0, xmppPort: 0, boshPort: 0, boshTlsPort: 0, logLevel: 'silent', ...config, dataDir, store },
    { ...(clock ? { clock } : {}), logger: createLogger(config.logLevel ?? 'silent') },
  );
  return Object.assign(server, {
    baseUrl: `http://127.0.0.1:${server.ports.http}`,
    dataDir,
    async stop() {
      await server.close();
      if (!config.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
