#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Port, ServerConfig } from './config.js';
import { DEFAULT_CONFIG } from './config.js';
import { registerControlCommands } from './control-cli.js';
import { startServer } from './server.js';
import type { RunningServer } from './server.js';

/** Commander turns a null from a parser into '', so "off" travels as -1 until `port()` maps it back. */
const OFF = -1;

function parsePort(value: string): number {
  if (value.toLowerCase() === 'off') return OFF;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number 0-65535 or "off"');
  return port;
}

function port(value: unknown): Port {
  return value === OFF ? null : (value as number);
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError('must be a number of seconds');
  return seconds;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number above 0');
  return n;
}

const env = (name: string): string => `OPENFINESSE_${name}`;
const d = DEFAULT_CONFIG;

const program = new Command('openfinesse').description('A self-hostable server that speaks the Cisco Finesse REST API and XMPP notifications');

program
  .command('start')
  .description('start the server')
  .addOption(new Option('--data-dir <dir>', 'where the database and generated certificate live').env(env('DATA_DIR')).default(d.dataDir))
  .addOption(new Option('--config <file>', 'YAML provisioning file applied at start (users, teams, reason codes, wrap-up reasons)').env(env('CONFIG')))
  .addOption(new Option('--demo', 'load the demo contact center when the store is empty').env(env('DEMO')))
  .addOption(new Option('--host <addr>', 'address to listen on').env(env('HOST')).default(d.host))
  .addOption(new Option('--domain <name>', 'Finesse FQDN and XMPP domain').env(env('DOMAIN')).default(d.domain))
  .addOption(new Option('--http-port <port>', 'plain HTTP REST port (0 = any, off = disabled)').env(env('HTTP_PORT')).argParser(parsePort).default(d.httpPort))
  .addOption(new Option('--https-port <port>', 'HTTPS REST port').env(env('HTTPS_PORT')).argParser(parsePort).default(d.httpsPort))
  .addOption(new Option('--xmpp-port <port>', 'XMPP client port (STARTTLS)').env(env('XMPP_PORT')).argParser(parsePort).default(d.xmppPort))
  .addOption(new Option('--bosh-port <port>', 'plain BOSH / WebSocket port').env(env('BOSH_PORT')).argParser(parsePort).default(d.boshPort))
  .addOption(new Option('--bosh-tls-port <port>', 'TLS BOSH / WebSocket port').env(env('BOSH_TLS_PORT')).argParser(parsePort).default(d.boshTlsPort))
  .addOption(new Option('--tls-cert <file>', 'PEM certificate (default: self-signed, created in the data dir)').env(env('TLS_CERT')))
  .addOption(new Option('--tls-key <file>', 'PEM private key for --tls-cert').env(env('TLS_KEY')))
  .addOption(new Option('--require-reason-codes', 'NOT_READY and LOGOUT need a reasonCodeId when codes are configured').env(env('REQUIRE_REASON_CODES')))
  .addOption(new Option('--lockout-failures <n>', 'consecutive failed sign-ins that lock an account').env(env('LOCKOUT_FAILURES')).argParser(parsePositive).default(d.lockout.maxFailures))
  .addOption(new Option('--lockout-seconds <s>', 'how long a locked account stays locked').env(env('LOCKOUT_SECONDS')).argParser(parseSeconds).default(d.lockout.lockMs / 1000))
  .addOption(new Option('--xmpp-require-tls', 'refuse XMPP authentication before STARTTLS').env(env('XMPP_REQUIRE_TLS')))
  .addOption(new Option('--no-xmpp-plain-without-tls', 'do not offer SASL PLAIN on an unencrypted XMPP stream').env(env('XMPP_PLAIN_WITHOUT_TLS')))
  .addOption(new Option('--lost-desktop-detect <s>', 'seconds until a vanished XMPP session counts as lost').env(env('LOST_DESKTOP_DETECT')).argParser(parseSeconds).default(d.lostDesktopDetectSeconds))
  .addOption(new Option('--lost-desktop-grace <s>', 'further seconds before the agent is signed out (reason 255)').env(env('LOST_DESKTOP_GRACE')).argParser(parseSeconds).default(d.lostDesktopGraceSeconds))
  .addOption(new Option('--xmpp-max-stanza-kib <n>', 'largest XMPP stanza accepted').env(env('XMPP_MAX_STANZA_KIB')).argParser(parsePositive).default(d.xmppLimits.maxStanzaBytes / 1024))
  .addOption(new Option('--xmpp-auth-timeout <s>', 'seconds an XMPP connection has to authenticate').env(env('XMPP_AUTH_TIMEOUT')).argParser(parseSeconds).default(d.xmppLimits.authTimeoutSeconds))
  .addOption(new Option('--xmpp-idle-timeout <s>', 'seconds of silence before an XMPP session is pinged (at half) and closed').env(env('XMPP_IDLE_TIMEOUT')).argParser(parseSeconds).default(d.xmppLimits.idleTimeoutSeconds))
  .addOption(new Option('--xmpp-rate <n>', 'stanzas per second one XMPP connection may send').env(env('XMPP_RATE')).argParser(parsePositive).default(d.xmppLimits.stanzasPerSecond))
  .addOption(new Option('--xmpp-max-connections-per-ip <n>', 'XMPP connections (TCP, WebSocket, BOSH) from one address').env(env('XMPP_MAX_CONNECTIONS_PER_IP')).argParser(parsePositive).default(d.xmppLimits.maxConnectionsPerIp))
  .addOption(new Option('--bosh-max-sessions <n>', 'BOSH sessions at once').env(env('BOSH_MAX_SESSIONS')).argParser(parsePositive).default(d.xmppLimits.maxBoshSessions))
  .addOption(new Option('--xmpp-max-queued-kib <n>', 'output queued for one session before it is closed as too slow').env(env('XMPP_MAX_QUEUED_KIB')).argParser(parsePositive).default(d.xmppLimits.maxQueuedBytes / 1024))
  .addOption(new Option('--xmpp-pending-max-items <n>', 'notifications kept for a user whose sessions are bound but not yet available').env(env('XMPP_PENDING_MAX_ITEMS')).argParser(parsePositive).default(d.xmppLimits.pendingMaxItems))
  .addOption(new Option('--xmpp-pending-max-kib <n>', 'bytes of such notifications kept per user').env(env('XMPP_PENDING_MAX_KIB')).argParser(parsePositive).default(d.xmppLimits.pendingMaxBytes / 1024))
  .addOption(new Option('--xmpp-pending-max-age <s>', 'seconds such a notification is kept').env(env('XMPP_PENDING_MAX_AGE')).argParser(parseSeconds).default(d.xmppLimits.pendingMaxAgeSeconds))
  .addOption(new Option('--external-answer-delay <s>', 'seconds before a simulated external number answers').env(env('EXTERNAL_ANSWER_DELAY')).argParser(parseSeconds).default(d.telephony.externalAnswerDelayMs / 1000))
  .addOption(new Option('--direct-ring-no-answer <s>', 'seconds a direct call to an extension rings before it is cleared unanswered').env(env('DIRECT_RING_NO_ANSWER')).argParser(parseSeconds).default(d.telephony.directRingNoAnswerMs / 1000))
  .addOption(new Option('--log-level <level>', 'fatal, error, warn, info, debug or trace').env(env('LOG_LEVEL')).default(d.logLevel))
  .action(async (options: Record<string, unknown>) => {
    const config: Partial<ServerConfig> = {
      dataDir: options.dataDir as string,
      configFile: (options.config as string | undefined) ?? null,
      demo: options.demo === true || options.demo === 'true' || options.demo === '1',
      host: options.host as string,
      domain: options.domain as string,
      httpPort: port(options.httpPort),
      httpsPort: port(options.httpsPort),
      xmppPort: port(options.xmppPort),
      boshPort: port(options.boshPort),
      boshTlsPort: port(options.boshTlsPort),
      tlsCert: (options.tlsCert as string | undefined) ?? null,
      tlsKey: (options.tlsKey as string | undefined) ?? null,
      requireReasonCodes: options.requireReasonCodes === true,
      lockout: { maxFailures: options.lockoutFailures as number, lockMs: (options.lockoutSeconds as number) * 1000 },
      xmppRequireTls: options.xmppRequireTls === true,
      xmppAllowPlainWithoutTls: options.xmppPlainWithoutTls !== false,
      telephony: {
        ...d.telephony,
        externalAnswerDelayMs: (options.externalAnswerDelay as number) * 1000,
        directRingNoAnswerMs: (options.directRingNoAnswer as number) * 1000,
      },
      xmppLimits: {
        ...d.xmppLimits,
        maxStanzaBytes: (options.xmppMaxStanzaKib as number) * 1024,
        authTimeoutSeconds: options.xmppAuthTimeout as number,
        idleTimeoutSeconds: options.xmppIdleTimeout as number,
        stanzasPerSecond: options.xmppRate as number,
        maxConnectionsPerIp: options.xmppMaxConnectionsPerIp as number,
        maxBoshSessions: options.boshMaxSessions as number,
        maxQueuedBytes: (options.xmppMaxQueuedKib as number) * 1024,
        pendingMaxItems: options.xmppPendingMaxItems as number,
        pendingMaxBytes: (options.xmppPendingMaxKib as number) * 1024,
        pendingMaxAgeSeconds: options.xmppPendingMaxAge as number,
      },
      lostDesktopDetectSeconds: options.lostDesktopDetect as number,
      lostDesktopGraceSeconds: options.lostDesktopGrace as number,
      logLevel: options.logLevel as string,
    };
    // Handlers go in before the "ready" line: a signal that arrives with no handler kills the process
    // outright (exit by signal, no flush), and a supervisor may signal as soon as it reads that line.
    let server: RunningServer | null = null;
    let stopping: string | null = null;
    const shutDown = (running: RunningServer, signal: string): void => {
      running.logger.info({ event: 'shutdown', signal }, 'shutting down');
      running.close().then(
        () => process.exit(0),
        (error: unknown) => {
          running.logger.error({ event: 'shutdown.failed', err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = signal;
      if (server) shutDown(server, signal);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    server = await startServer(config);
    if (stopping) shutDown(server, stopping);
  });

registerControlCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 60, event: 'fatal', msg: (error as Error).message })}\n`);
  process.exit(1);
});
