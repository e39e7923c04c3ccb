import type { SaslAuthenticator } from './authenticator.js';
import type { SaslExchange, SaslStep } from './mechanism.js';
import { authzidAllowed, failure } from './mechanism.js';

/** SASL PLAIN (RFC 4616): `authzid NUL authcid NUL password`, checked like REST Basic auth. */
export class PlainExchange implements SaslExchange {
  constructor(
    private readonly authenticator: SaslAuthenticator,
    private readonly domain: string,
  ) {}

  respond(data: Buffer): SaslStep {
    const parts = data.toString('utf8').split('\0');
    if (parts.length !== 3) return failure('malformed-request');
    const [authzid, authcid, password] = parts as [string, string, string];
    if (authcid === '' || password === '') return failure('not-authorized');
    const result = this.authenticator.verify(authcid, password, { ignoreCase: true });
    if (!result.ok) return failure('not-authorized');
    if (!authzidAllowed(authzid, result.user, this.domain)) return failure('invalid-authzid');
    return { kind: 'success', user: result.user, data: null };
  }
}
