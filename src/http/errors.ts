import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logging.js';
import { DomainError } from '../domain/errors.js';
import type { ApiError } from '../finesse/api-errors.js';
import { apiErrorFor, apiErrorsXml } from '../finesse/api-errors.js';
import { XML_PROLOG } from '../finesse/xml-escape.js';

/** An error answered as an ApiErrors document with its own status. */
export class HttpApiError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }

  static of(status: number, type: string, message: string, data = ''): HttpApiError {
    return new HttpApiError({ status, type, message, data });
  }
}

export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof HttpApiError) return error.error;
  if (error instanceof DomainError) return apiErrorFor(error.kind, error.message, error.data);
  return undefined;
}

/**
 * What a client gets for an error: ours (HttpApiError, DomainError) as they are, Fastify's own below 500
 * (body too large, unsupported media type, malformed request) translated; undefined for anything else,
 * which is a bug answered with `INTERNAL_ERROR`.
 */
export function apiErrorOf(error: unknown): ApiError | undefined {
  const ours = toApiError(error);
  if (ours) return ours;
  const e = error as { statusCode?: number; message?: string };
  if (typeof e.statusCode !== 'number' || e.statusCode >= 500) return undefined;
  if (e.statusCode === 413) return { status: 413, type: 'Request Entity Too Large', message: 'The request body is larger than allowed', data: '' };
  if (e.statusCode === 415) return { status: 415, type: 'Unsupported Media Type', message: e.message ?? '', data: '' };
  return { status: e.statusCode, type: 'Bad Request', message: e.message ?? 'Bad Request', data: '' };
}

export const INTERNAL_ERROR: ApiError = { status: 500, type: 'Internal Server Error', message: 'RUNTIME_EXCEPTION', data: '' };

export const XML_CONTENT_TYPE = 'application/xml;charset=UTF-8';

export function sendXml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', XML_CONTENT_TYPE)
    .send(XML_PROLOG + body);
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  return sendXml(reply, error.status, apiErrorsXml([error]));
}

/**
 * An error handler that answers every error with `send` in its surface's format; an error that is not a
 * client's (a bug) is logged and answered as INTERNAL_ERROR.
 */
export function answerErrors(logger: Logger, send: (reply: FastifyReply, error: ApiError) => FastifyReply) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const answer = apiErrorOf(error);
    if (!answer) logger.error({ event: 'http.error', url: request.url, err: error }, 'unhandled error');
    return send(reply, answer ?? INTERNAL_ERROR);
  };
}
