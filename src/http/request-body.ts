import type { FastifyInstance, FastifyRequest } from 'fastify';
import { XmlReadError, readXml } from '../finesse/xml-reader.js';
import type { XmlElement } from '../finesse/xml-reader.js';
import { HttpApiError } from './errors.js';

/**
 * Finesse bodies are XML. Real clients label them application/xml or text/xml; jQuery-era desktops and
 * curl's -d send application/x-www-form-urlencoded, Postman's raw "Text" sends text/plain, and some
 * scripts send none: all of those are parsed as XML. Anything else is 415.
 */
const XML_TYPES = new Set(['application/xml', 'text/xml', 'text/plain', 'application/x-www-form-urlencoded', '']);

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function mediaTypeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function isXml(mediaType: string): boolean {
  return XML_TYPES.has(mediaType) || mediaType.endsWith('+xml');
}

/** Strict decoding: a lenient one would turn invalid bytes into U+FFFD and accept the document. */
function utf8(body: Buffer): string {
  try {
    return UTF8.decode(body);
  } catch {
    throw HttpApiError.of(400, 'Bad Request', 'The request body is not valid UTF-8');
  }
}

/** The Finesse API's only body parser: any body becomes the root XmlElement (or undefined when empty). */
export function xmlBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const mediaType = mediaTypeOf(request);
      const text = utf8(body as Buffer);
      if (!isXml(mediaType)) throw HttpApiError.of(415, 'Unsupported Media Type', 'Request bodies must be XML (application/xml)', mediaType);
      done(null, text.trim() === '' ? undefined : readXmlBody(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function readXmlBody(text: string): XmlElement {
  try {
    return readXml(text);
  } catch (error) {
    const reason = error instanceof XmlReadError ? error.message : 'unreadable';
    throw HttpApiError.of(400, 'Bad Request', `Invalid XML: ${reason}`);
  }
}

/**
 * The control API's body parser: JSON (an empty body is `{}`). A body labelled as XML or text is kept as
 * its text, which the route's schema then refuses as not a JSON object; anything else is 415.
 */
export function jsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const mediaType = mediaTypeOf(request);
      const text = utf8(body as Buffer);
      if (mediaType === 'application/json') done(null, text.trim() === '' ? {} : readJson(text));
      else if (isXml(mediaType)) done(null, text.trim() === '' ? undefined : text);
      else throw HttpApiError.of(415, 'Unsupported Media Type', 'Request bodies must be JSON (application/json)', mediaType);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** A JSON `null` stays text: only an absent body counts as empty, and a route's schema refuses text. */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text) ?? text;
  } catch {
    throw HttpApiError.of(400, 'Bad Request', 'Malformed JSON body');
  }
}

/** Bodies sent where none is read (files, health, unknown URLs) are read within the size limit and dropped. */
export function ignoredBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
}

/** The root element of an XML body, which must be named `rootName`. */
export function xmlBody(request: FastifyRequest, rootName: string): XmlElement {
  const body = request.body as XmlElement | undefined;
  if (body === undefined || body === null) throw HttpApiError.of(400, 'Bad Request', `A <${rootName}> body is required`);
  if (body.name !== rootName) throw HttpApiError.of(400, 'Bad Request', `Expected root element <${rootName}>`, body.name);
  return body;
}
