import type { FastifyReply } from 'fastify';
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

export const XML_CONTENT_TYPE = 'application/xml;charset=UTF-8';

export function sendXml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('content-type', XML_CONTENT_TYPE).send(XML_PROLOG + body);
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  return sendXml(reply, error.status, apiErrorsXml([error]));
}
