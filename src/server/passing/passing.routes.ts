import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../core/contract/common.ts';
import {
  acceptBodySchema,
  declineBodySchema,
  opportunitySchema,
  passBodySchema,
} from '../../core/contract/opportunities.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { setEtag } from '../http/etag.ts';
import { acceptPassedOpportunity, declinePassedOpportunity, passOpportunity } from './passing.service.ts';

const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema };

export function passingRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/opportunities/:id/pass',
      {
        schema: {
          tags: ['passing'],
          summary: 'Pass an opportunity to an eligible partner firm (vendor reps)',
          params: idParamsSchema,
          body: passBodySchema,
          response: { 200: opportunitySchema, ...errors },
        },
      },
      async (request, reply) => {
        const opportunity = await passOpportunity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.body,
        );
        setEtag(reply, opportunity.version);
        return opportunity;
      },
    );

    app.post(
      '/opportunities/:id/accept',
      {
        schema: {
          tags: ['passing'],
          summary: 'Accept a passed opportunity, choosing its owner (managers of the receiving firm)',
          params: idParamsSchema,
          body: acceptBodySchema,
          response: { 200: opportunitySchema, ...errors },
        },
      },
      async (request, reply) => {
        const opportunity = await acceptPassedOpportunity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.body,
        );
        setEtag(reply, opportunity.version);
        return opportunity;
      },
    );

    app.post(
      '/opportunities/:id/decline',
      {
        schema: {
          tags: ['passing'],
          summary: 'Decline a passed opportunity with a reason; it returns to the vendor rep',
          params: idParamsSchema,
          body: declineBodySchema,
          response: { 200: opportunitySchema, ...errors },
        },
      },
      async (request, reply) => {
        const opportunity = await declinePassedOpportunity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.body,
        );
        setEtag(reply, opportunity.version);
        return opportunity;
      },
    );
  };
}
