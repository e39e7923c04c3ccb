import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { XmppAccount } from '../ports.js';
import type { SaslAuthenticator, ScramCredential, ScramMechanism } from './authenticator.js';
import type { SaslExchange, SaslStep } from './mechanism.js';
import { authzidAllowed, failure } from './mechanism.js';

/** Keys fake salts for unknown users, so a probe cannot tell unknown names from wrong passwords. */
const FAKE_SALT_KEY = randomBytes(32);

interface FirstMessage {
  gs2Header: string;
  authzid: string;
  username: string;
  clientNonce: string;
  bare: string;
}

/**
 * SCRAM (RFC 5802) server side without channel binding: the client proves knowledge of the password
 * against the stored key; the server proves itself with the server signature in the success message.
 */
export class ScramExchange implements SaslExchange {
  private first: FirstMessage | null = null;
  private serverFirst = '';
  private nonce = '';
  private user: XmppAccount | undefined;
  private credential: ScramCredential | undefined;

  constructor(
    private readonly mechanism: ScramMechanism,
    private readonly authenticator: SaslAuthenticator,
    private readonly domain: string,
  ) {}

  respond(data: Buffer): SaslStep {
    return this.first === null ? this.clientFirst(data.toString('utf8')) : this.clientFinal(data.toString('utf8'));
  }

  private clientFirst(message: string): SaslStep {
    const first = parseClientFirst(message);
    if (!first) return failure('malformed-request');
    this.first = first;
    this.user = this.authenticator.findUser(first.username, true);
    this.credential = this.user ? this.authenticator.scramCredential(this.user, this.mechanism) : undefined;
    const salt = this.credential?.salt ?? createHmac('sha256', FAKE_SALT_KEY).update(first.username.toLowerCase()).digest().subarray(0, 16).toString('base64');
    const iterations = this.credential?.iterations ?? 4096;
    this.nonce = first.clientNonce + randomBytes(18).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${salt},i=${iterations}`;
    return { kind: 'challenge', data: Buffer.from(this.serverFirst) };
  }

  private clientFinal(message: string): SaslStep {
    const first = this.first!;
    const match = /^c=([^,]*),r=([^,]*)(?:,[^p][^,]*)*,p=([A-Za-z0-9+/=]+)$/.exec(message);
    if (!match) return failure('malformed-request');
    const [, binding, nonce, proofText] = match as unknown as [string, string, string, string];
    if (Buffer.from(binding, 'base64').toString('utf8') !== first.gs2Header || nonce !== this.nonce) return failure('not-authorized');
    const { user, credential } = this;
    if (!user || !credential) return failure('not-authorized');
    if (this.authenticator.isLocked(user)) return failure('not-authorized');
    const withoutProof = message.slice(0, message.lastIndexOf(',p='));
    const authMessage = `${first.bare},${this.serverFirst},${withoutProof}`;
    const storedKey = Buffer.from(credential.storedKey, 'base64');
    const clientSignature = hmac(this.mechanism, storedKey, authMessage);
    const proof = Buffer.from(proofText, 'base64');
    if (proof.length !== clientSignature.length) return this.refuse(user);
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    const computed = digest(this.mechanism, clientKey);
    if (computed.length !== storedKey.length || !timingSafeEqual(computed, storedKey)) return this.refuse(user);
    this.authenticator.recordOutcome(user, true);
    if (!authzidAllowed(first.authzid, user, this.domain)) return failure('invalid-authzid');
    const serverSignature = hmac(this.mechanism, Buffer.from(credential.serverKey, 'base64'), authMessage);
    return { kind: 'success', user, data: Buffer.from(`v=${serverSignature.toString('base64')}`) };
  }

  private refuse(user: XmppAccount): SaslStep {
    this.authenticator.recordOutcome(user, false);
    return failure('not-authorized');
  }
}

const HASH: Record<ScramMechanism, 'sha1' | 'sha256'> = { 'SCRAM-SHA-1': 'sha1', 'SCRAM-SHA-256': 'sha256' };

function hmac(mechanism: ScramMechanism, key: Buffer, data: string): Buffer {
  return createHmac(HASH[mechanism], key).update(data).digest();
}

function digest(mechanism: ScramMechanism, data: Buffer): Buffer {
  return createHash(HASH[mechanism]).update(data).digest();
}

function parseClientFirst(message: string): FirstMessage | null {
  const match = /^([ny]),(?:a=([^,]*))?,(.*)$/s.exec(message);
  if (!match) return null;
  const [, flag, rawAuthzid, bare] = match as unknown as [string, string, string | undefined, string];
  const attrs = /^n=([^,]+),r=([\x21-\x2b\x2d-\x7e]+)(?:,.*)?$/s.exec(bare);
  if (!attrs) return null;
  const username = decodeSaslName(attrs[1]!);
  const authzid = rawAuthzid === undefined ? '' : decodeSaslName(rawAuthzid);
  if (username === null || authzid === null) return null;
  return { gs2Header: `${flag},${rawAuthzid === undefined ? '' : `a=${rawAuthzid}`},`, authzid, username, clientNonce: attrs[2]!, bare };
}

function decodeSaslName(value: string): string | null {
  if (/=(?!2C|3D)/.test(value)) return null;
  return value.replace(/=2C/g, ',').replace(/=3D/g, '=');
}
