import { request as httpRequest } from 'node:http';
import { basic } from './http.js';

/** A raw HTTP answer: the path is sent exactly as given (fetch would resolve `..` and re-encode). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Uploads a file through the admin file API as `user` (password `demo`); the status. */
export async function uploadGadgetFile(baseUrl: string, path: string, body: Buffer | string, user = 'admin'): Promise<number> {
  const answer = await rawRequest(baseUrl, 'PUT', `/openfinesse/api/gadgets/files/${path}`, {
    headers: { authorization: basic(user), 'content-type': 'application/octet-stream' },
    body,
  });
  return answer.status;
}
