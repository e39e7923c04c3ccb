import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { ReasonCategory } from '../../domain/model.js';
import { reasonCodeXml, reasonCodesXml, userWrapUpReasonXml, wrapUpReasonsXml } from '../../finesse/resources-xml.js';
import { requireActor } from '../authenticate.js';
import type { Directory } from '../../domain/directory.js';
import type { HttpAccess } from '../access.js';
import { sendXml } from '../errors.js';

const CATEGORIES = ['NOT_READY', 'LOGOUT', 'ALL'] as const;

export interface ReasonRoutesDeps {
  directory: Pick<Directory, 'reasonCodesFor' | 'findReasonCodeFor' | 'wrapUpReasonsFor' | 'findWrapUpReasonFor'>;
  access: Pick<HttpAccess, 'userListsOwner'>;
}

export function registerReasonRoutes(app: FastifyInstance, ctx: ReasonRoutesDeps): void {
  app.get<{ Params: { id: string }; Querystring: { category?: string } }>('/User/:id/ReasonCodes', async (request, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    const category = request.query.category;
    if (category === undefined || category === '') throw new DomainError('ParameterMissing', 'Category parameter is missing', 'category');
    if (!(CATEGORIES as readonly string[]).includes(category)) throw new DomainError('InvalidInput', 'Invalid category specified', category);
    const codes =
      category === 'ALL'
        ? [...ctx.directory.reasonCodesFor(user, 'NOT_READY'), ...ctx.directory.reasonCodesFor(user, 'LOGOUT')]
        : ctx.directory.reasonCodesFor(user, category as ReasonCategory);
    return sendXml(reply, 200, reasonCodesXml(category as ReasonCategory, codes));
  });

  app.get<{ Params: { id: string; rc: string } }>('/User/:id/ReasonCode/:rc', async (request, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    const reasonCode = ctx.directory.findReasonCodeFor(user, request.params.rc);
    if (!reasonCode) throw new DomainError('NotFound', 'Invalid reason code id specified', request.params.rc);
    return sendXml(reply, 200, reasonCodeXml(reasonCode));
  });

  app.get<{ Params: { id: string } }>('/User/:id/WrapUpReasons', async (request, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    return sendXml(reply, 200, wrapUpReasonsXml(ctx.directory.wrapUpReasonsFor(user)));
  });

  app.get<{ Params: { id: string; w: string } }>('/User/:id/WrapUpReason/:w', async (request, reply) => {
    const user = ctx.access.userListsOwner(requireActor(request), request.params.id);
    const reason = ctx.directory.findWrapUpReasonFor(user, request.params.w);
    if (!reason) throw new DomainError('NotFound', 'Invalid wrap-up reason id specified', request.params.w);
    return sendXml(reply, 200, userWrapUpReasonXml(user.loginId, reason));
  });
}
