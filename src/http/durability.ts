import type { FastifyInstance } from 'fastify';

/**
 * The durability barrier: a change is acknowledged (a 2xx to anything but GET or HEAD) only once
 * everything written so far is durable, so a client that saw 202 never loses the change to a crash.
 */
export function acknowledgeWhenDurable(app: FastifyInstance, syncStore: () => Promise<void>): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 300) {
      done(null, payload);
      return;
    }
    syncStore().then(() => done(null, payload), done);
  });
}
