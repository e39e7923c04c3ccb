import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyPluginAsync, onRequestHookHandler } from 'fastify';

/** The XMPP transports mounted on the HTTP listeners. */
export interface XmppHttpTransports {
  handleBoshRequest(req: IncomingMessage, res: ServerResponse): void;
  handleWebSocketUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * BOSH at `/http-bind` and `/http-bind/` (every method: the CORS preflight is the BOSH handler's to
 * answer) and WebSocket upgrades at `/ws`, handed to the XMPP server. A BOSH request is hijacked before
 * Fastify reads its body: the BOSH handler reads and answers it on the raw request and response.
 */
export const xmppTransports: FastifyPluginAsync<{ transports: XmppHttpTransports }> = async (app, { transports }) => {
  const hijack: onRequestHookHandler = (request, reply, done) => {
    reply.hijack();
    transports.handleBoshRequest(request.raw, reply.raw);
    done();
  };
  for (const url of ['/http-bind', '/http-bind/']) {
    app.all(url, { onRequest: hijack }, async () => undefined);
  }
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').startsWith('/ws')) transports.handleWebSocketUpgrade(req, socket, head);
    else socket.destroy();
  });
};
