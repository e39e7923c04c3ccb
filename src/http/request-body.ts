import type { FastifyInstance, FastifyRequest } from 'fastify';
import { XmlReadError, readXml } from '../finesse/xml-reader.js';
import type { XmlElement } from '../finesse/xml-reader.js';
import { HttpApiError } from './errors.js';

/**
 * Finesse bodies are XML. Real clients label them application/xml or text/xml; jQuery-era desktops and
 * curl's -d send application/x-www-form-urlencoded, Postman's raw "Text" sends text/plain, and some
 * scripts send none: all of those are parsed as XML. JSON is accepted for our own control API only.
 * Anything else is 415.
 */
const XML_TYPES = new Set(['application/xml', 'text/xml', 'text/plain', 'application/x-www-form-urlencoded', '']);

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export type ParsedBody = { kind: 'xml'; root: XmlElement } | { kind: 'json'; value: unknown };

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    let text: string;
    try {
      // Strict decoding: a lenient one would turn invalid bytes into U+FFFD and accept the document.
      text = UTF8.decode(body as Buffer);
    } catch {
      done(HttpApiError.of(400, 'Bad Request', 'The request body is not valid UTF-8'), undefined);
      return;
    }
    if (mediaType === 'application/json' && request.url.startsWith('/openfinesse/')) {
      try {
        done(null, { kind: 'json', value: text.trim() === '' ? {} : JSON.parse(text) } satisfies ParsedBody);
      } catch {
        done(HttpApiError.of(400, 'Bad Request', 'Malformed JSON body'), undefined);
      }
      return;
    }
    if (!XML_TYPES.has(mediaType) && !mediaType.endsWith('+xml')) {
      done(HttpApiError.of(415, 'Unsupported Media Type', 'Request bodies must be XML (application/xml)', mediaType), undefined);
      return;
    }
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, { kind: 'xml', root: readXml(text) } satisfies ParsedBody);
    } catch (error) {
      const reason = error instanceof XmlReadError ? error.message : 'unreadable';
      done(HttpApiError.of(400, 'Bad Request', `Invalid XML: ${reason}`), undefined);
    }
  });
}

/** The root element of an XML body, which must be named `rootName`. */
export function xmlBody(request: FastifyRequest, rootName: string): XmlElement {
  const body = request.body as ParsedBody | undefined;
  if (body === undefined || body === null) throw HttpApiError.of(400, 'Bad Request', `A <${rootName}> body is required`);
  if (body.kind !== 'xml') throw HttpApiError.of(400, 'Bad Request', `Expected an XML <${rootName}> body`);
  if (body.root.name !== rootName) throw HttpApiError.of(400, 'Bad Request', `Expected root element <${rootName}>`, body.root.name);
  return body.root;
}

export function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body as ParsedBody | undefined;
  if (body === undefined) return {};
  if (body.kind !== 'json' || body.value === null || typeof body.value !== 'object' || Array.isArray(body.value)) {
    throw HttpApiError.of(400, 'Bad Request', 'Expected a JSON object body');
  }
  return body.value as Record<string, unknown>;
}
