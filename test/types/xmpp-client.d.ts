// @xmpp/client ships no type declarations; the tests use it as an independent, untyped client.
declare module '@xmpp/client';
