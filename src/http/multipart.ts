import { HttpApiError } from './errors.js';

/** One part of a multipart/form-data body: its form field name, file name (if a file) and content. */
export interface FormPart {
  name: string;
  filename: string | null;
  content: Buffer;
}

/**
 * The parts of a multipart/form-data body (RFC 7578), read whole (bodies are small: the body limit
 * applies). A body that is not multipart as its Content-Type says is 400 Bad Request.
 */
export function readFormParts(contentType: string, body: Buffer): FormPart[] {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw malformed('The multipart Content-Type has no boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw malformed('The multipart body has no part');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return parts;
    const headersEnd = body.indexOf('\r\n\r\n', at);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), at);
    if (headersEnd < 0 || next < 0 || headersEnd > next) throw malformed('A multipart part is not complete');
    parts.push(partOf(body.subarray(at, headersEnd).toString('utf8'), body.subarray(headersEnd + 4, next)));
    at = next + 2;
  }
}

function partOf(headers: string, content: Buffer): FormPart {
  const disposition = headers.split('\r\n').find((h) => /^content-disposition\s*:/i.test(h)) ?? '';
  const parameter = (key: string) =>
    new RegExp(`;\\s*${key}="([^"]*)"`, 'i').exec(disposition)?.[1] ?? new RegExp(`;\\s*${key}=([^;\\s]+)`, 'i').exec(disposition)?.[1];
  return { name: parameter('name') ?? '', filename: parameter('filename') ?? null, content };
}

function malformed(message: string): HttpApiError {
  return HttpApiError.of(400, 'Bad Request', message);
}
