/**
 * The dependency rules of ARCHITECTURE.md, checked by `npm test` (scripts/test.sh) with
 * dependency-cruiser: no cycles, and every layer imports only what its row allows.
 */
const layer = (name) => `^src/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycle anywhere in src/.', from: { path: '^src/' }, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain depends on nothing but itself (no I/O, no other layer, no package).',
      from: { path: layer('domain') },
      to: { pathNot: [layer('domain')] },
    },
    {
      name: 'xml-is-a-leaf',
      severity: 'error',
      comment: 'The shared XML model and escaper depend on nothing of ours.',
      from: { path: layer('xml') },
      to: { path: '^src/', pathNot: [layer('xml')] },
    },
    {
      name: 'xmpp-is-generic',
      severity: 'error',
      comment: 'The XMPP server knows nothing of Finesse: it imports only itself and the shared XML model.',
      from: { path: layer('xmpp') },
      to: { path: '^src/', pathNot: [layer('xmpp'), layer('xml')] },
    },
    {
      name: 'gadgets-are-pure',
      severity: 'error',
      comment: 'The gadget document model (spec, bundles, hangman, render URLs) is pure: it imports only itself and the shared XML model.',
      from: { path: layer('gadgets') },
      to: { path: '^src/', pathNot: [layer('gadgets'), layer('xml')] },
    },
    {
      name: 'finesse-is-the-wire-format',
      severity: 'error',
      comment: 'The Finesse encoders read domain types and the XML model, nothing with I/O.',
      from: { path: layer('finesse') },
      to: { path: '^src/', pathNot: [layer('finesse'), layer('domain'), layer('xml')] },
    },
    {
      name: 'application-on-the-domain',
      severity: 'error',
      comment: 'The application layer uses the domain (and accounts, its credentials) and defines the ports the edges implement.',
      from: { path: layer('application') },
      to: { path: '^src/', pathNot: [layer('application'), layer('domain'), layer('accounts')] },
    },
    {
      name: 'notify-through-pubsub-ports',
      severity: 'error',
      comment: 'Notifications reach the XMPP server only through the pubsub ports.',
      from: { path: layer('notify') },
      to: { path: layer('xmpp'), pathNot: ['^src/xmpp/pubsub/ports\\.ts$'] },
    },
    {
      name: 'telephony-through-its-ports',
      severity: 'error',
      comment: 'Outside the phone system, only its interfaces and the façade (for composition) are imported.',
      from: { path: '^src/', pathNot: [layer('telephony'), layer('composition'), '^src/(server|config)\\.ts$'] },
      to: { path: layer('telephony'), pathNot: ['^src/telephony/(telephony|simulated-world|call-view|traffic-generator)\\.ts$'] },
    },
    {
      name: 'telephony-not-on-the-edges',
      severity: 'error',
      comment: 'The phone system talks to the application and the domain, never to HTTP, XMPP or the store.',
      from: { path: layer('telephony') },
      to: { path: [layer('http'), layer('xmpp'), layer('notify'), layer('store')] },
    },
    {
      name: 'cluster-is-a-driver',
      comment: 'The cluster drivers (NATS) implement the application ports on the domain; they know no edge and no store.',
      severity: 'error',
      from: { path: layer('cluster') },
      to: { path: '^src/', pathNot: [layer('cluster'), layer('application'), layer('domain')] },
    },
    {
      name: 'cluster-through-composition',
      severity: 'error',
      comment: 'Only composition (and the configuration, for the URL) chooses and wires the cluster drivers; the rest uses the ports.',
      from: { path: '^src/', pathNot: [layer('cluster'), layer('composition'), '^src/(server|config)\\.ts$'] },
      to: { path: layer('cluster') },
    },
    {
      name: 'desktop-is-a-client',
      severity: 'error',
      comment: 'The web desktop talks to the server only over REST and XMPP, like any client.',
      from: { path: layer('desktop') },
      to: { path: '^src/', pathNot: [layer('desktop')] },
    },
    {
      name: 'nothing-imports-composition',
      severity: 'error',
      comment: 'server.ts and cli.ts compose the rest; nothing depends on them.',
      from: { path: '^src/', pathNot: ['^src/(cli|control-cli|gadget-serve-cli)\\.ts$'] },
      to: { path: '^src/(server|cli)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/desktop/public'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
