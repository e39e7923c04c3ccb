import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type ScramMechanism = 'SCRAM-SHA-1' | 'SCRAM-SHA-256';
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-1'];

/** RFC 5802 server-side SCRAM record: the password itself is never kept. Keys and salt are base64. */
export interface ScramCredential {
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}

export type Credentials = Record<ScramMechanism, ScramCredential>;

export const DEFAULT_ITERATIONS = 4096;

const HASH: Record<ScramMechanism, { name: 'sha1' | 'sha256'; length: number }> = {
  'SCRAM-SHA-1': { name: 'sha1', length: 20 },
  'SCRAM-SHA-256': { name: 'sha256', length: 32 },
};

export function hashName(mechanism: ScramMechanism): 'sha1' | 'sha256' {
  return HASH[mechanism].name;
}

export function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  const { name, length } = HASH[mechanism];
  return pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, length, name);
}

export function hmac(mechanism: ScramMechanism, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(HASH[mechanism].name, key).update(data).digest();
}

export function digest(mechanism: ScramMechanism, data: Buffer): Buffer {
  return createHash(HASH[mechanism].name).update(data).digest();
}

function scramCredential(mechanism: ScramMechanism, password: string, iterations: number): ScramCredential {
  const salt = randomBytes(16);
  const salted = saltedPassword(mechanism, password, salt, iterations);
  const storedKey = digest(mechanism, hmac(mechanism, salted, 'Client Key'));
  const serverKey = hmac(mechanism, salted, 'Server Key');
  return { salt: salt.toString('base64'), iterations, storedKey: storedKey.toString('base64'), serverKey: serverKey.toString('base64') };
}

export function createCredentials(password: string, iterations = DEFAULT_ITERATIONS): Credentials {
  return {
    'SCRAM-SHA-1': scramCredential('SCRAM-SHA-1', password, iterations),
    'SCRAM-SHA-256': scramCredential('SCRAM-SHA-256', password, iterations),
  };
}

/** Checks a clear-text password (Basic auth, SASL PLAIN) against the SCRAM-SHA-256 record. */
export function verifyPassword(credentials: Credentials, password: string): boolean {
  const record = credentials['SCRAM-SHA-256'];
  const salted = saltedPassword('SCRAM-SHA-256', password, Buffer.from(record.salt, 'base64'), record.iterations);
  const storedKey = digest('SCRAM-SHA-256', hmac('SCRAM-SHA-256', salted, 'Client Key'));
  const expected = Buffer.from(record.storedKey, 'base64');
  return expected.length === storedKey.length && timingSafeEqual(expected, storedKey);
}
