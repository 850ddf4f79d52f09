import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditPageSchema, auditQuerySchema, idParamsSchema } from '../../core/contract/common.ts';
import {
  opportunityContactSchema,
  opportunityContactsBodySchema,
  opportunityCreateSchema,
  opportunityListQuerySchema,
  opportunityOverviewSchema,
  opportunityPageSchema,
  opportunitySchema,
  opportunityUpdateSchema,
  stageChangeSchema,
  stageMoveSchema,
} from '../../core/contract/opportunities.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import { getOpportunityContacts, replaceContactsOfOpportunity } from './opportunity-contact.service.ts';
import { createOpportunity } from './opportunity-create.service.ts';
import { deleteOpportunity } from './opportunity-delete.service.ts';
import { getOpportunityOverview } from './opportunity-overview.service.ts';
import {
  getOpportunity,
  listOpportunities,
  listOpportunityChanges,
  listStageHistory,
} from './opportunity-read.service.ts';
import { updateOpportunity } from './opportunity-update.service.ts';
import { moveOpportunityStage } from './stage-move.service.ts';

const errors = {
  400: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
};

export function opportunityRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/opportunities',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'Opportunities the caller can see: basic search (q), advanced filters, sort, cursor pages',
          description:
            'The passed inbox is `?passStatus=pending`. Amount filters are in the reporting currency.',
          querystring: opportunityListQuerySchema,
          response: { 200: opportunityPageSchema, 400: errorBodySchema },
        },
      },
      async (request) =>
        listOpportunities(context.db, requireAuthentication(request).principal, request.query),
    );

    app.post(
      '/opportunities',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'Create an opportunity (with line items, team and contacts in one call)',
          description:
            'Omitted fields come from the caller’s opportunity defaults. `contactId` presets the client and the primary contact. The stage’s gates are checked.',
          body: opportunityCreateSchema,
          response: { 201: opportunitySchema, ...errors },
        },
      },
      async (request, reply) => {
        const opportunity = await createOpportunity(
          context.db,
          requireAuthentication(request).principal,
          request.body,
        );
        setEtag(reply, opportunity.version);
        return reply
          .code(201)
          .header('Location', `/api/v1/opportunities/${opportunity.id}`)
          .send(opportunity);
      },
    );

    app.get(
      '/opportunities/:id',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'One opportunity',
          params: idParamsSchema,
          response: { 200: opportunitySchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const opportunity = await getOpportunity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        );
        setEtag(reply, opportunity.version);
        return opportunity;
      },
    );

    app.patch(
      '/opportunities/:id',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'Change an opportunity’s details (not its stage: see POST …/stage)',
          params: idParamsSchema,
          body: opportunityUpdateSchema,
          response: { 200: opportunitySchema, ...errors },
        },
      },
      async (request, reply) => {
        const opportunity = await updateOpportunity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, opportunity.version);
        return opportunity;
      },
    );

    app.delete(
      '/opportunities/:id',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'Delete an opportunity (kept with its history, hidden everywhere)',
          params: idParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await deleteOpportunity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
        );
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/opportunities/:id/stage',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'Move to another stage; 422 GATE_NOT_MET lists what is missing, per stage',
          params: idParamsSchema,
          body: stageMoveSchema,
          response: { 200: opportunitySchema, ...errors },
        },
      },
      async (request, reply) => {
        const opportunity = await moveOpportunityStage(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.body,
          expectedVersionOf(request),
        );
        setEtag(reply, opportunity.version);
        return opportunity;
      },
    );

    app.get(
      '/opportunities/:id/overview',
      {
        schema: {
          tags: ['opportunities'],
          summary:
            'The overview screen in one call: details, line items, team, contacts, and what each stage still needs',
          params: idParamsSchema,
          response: { 200: opportunityOverviewSchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const overview = await getOpportunityOverview(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        );
        setEtag(reply, overview.opportunity.version);
        return overview;
      },
    );

    app.get(
      '/opportunities/:id/history',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'Stage history: every change of stage, amount, decision date or probability',
          params: idParamsSchema,
          response: { 200: z.object({ items: z.array(stageChangeSchema) }), 404: errorBodySchema },
        },
      },
      async (request) => ({
        items: await listStageHistory(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        ),
      }),
    );

    app.get(
      '/opportunities/:id/changes',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'Change log of the opportunity and its line items',
          params: idParamsSchema,
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema, 404: errorBodySchema },
        },
      },
      async (request) =>
        listOpportunityChanges(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.query,
        ),
    );

    app.get(
      '/opportunities/:id/contacts',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'BPContacts of the opportunity with their roles',
          params: idParamsSchema,
          response: { 200: z.object({ items: z.array(opportunityContactSchema) }), 404: errorBodySchema },
        },
      },
      async (request) => ({
        items: await getOpportunityContacts(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        ),
      }),
    );

    app.put(
      '/opportunities/:id/contacts',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'Replace the BPContacts of the opportunity (one may be primary)',
          params: idParamsSchema,
          body: opportunityContactsBodySchema,
          response: { 200: z.object({ items: z.array(opportunityContactSchema) }), ...errors },
        },
      },
      async (request) => {
        const links = Array.isArray(request.body) ? request.body : request.body.items;
        return {
          items: await replaceContactsOfOpportunity(
            context.db,
            requireAuthentication(request).principal,
            request.params.id,
            links,
            expectedVersionOf(request),
          ),
        };
      },
    );
  };
}
