/** What an operator reads when openfinesse cannot use a PostgreSQL database: where, and why. */

/** The URL without its password (for logs, the health endpoint and error messages). */
export function postgresLocation(url: string): string {
  const u = new URL(url);
  u.password = '';
  u.searchParams.delete('password');
  return u.toString();
}

/** The connection failure as one sentence naming the server (host:port) and the reason. */
export function connectionFailure(error: unknown, url: string): Error {
  const u = new URL(url);
  const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || 'localhost';
  const where = `${host}:${u.port || '5432'}`;
  const user = decodeURIComponent(u.username) || process.env.PGUSER || 'the current user';
  const database = decodeURIComponent(u.pathname.slice(1)) || user;
  const e = (error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error) as { code?: string; message?: string };
  const code = e?.code ?? (error as { code?: string })?.code;
  const message = e?.message ?? String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new Error(`cannot reach PostgreSQL at ${where}: connection refused (ECONNREFUSED)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`cannot reach PostgreSQL at ${where}: host "${host}" not found (${code})`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new Error(`cannot reach PostgreSQL at ${where}: ${message} (${code})`);
    case '28P01':
      return new Error(`PostgreSQL at ${where}: authentication failed for user "${user}" (wrong password)`);
    case '28000':
      return new Error(`PostgreSQL at ${where}: authentication failed for user "${user}": ${message}`);
    case '3D000':
      return new Error(`PostgreSQL at ${where}: database "${database}" does not exist`);
  }
  if (/timeout/i.test(message)) return new Error(`cannot reach PostgreSQL at ${where}: no answer within 10 s (connection timeout)`);
  return new Error(`cannot connect to PostgreSQL at ${where}: ${message}`);
}
