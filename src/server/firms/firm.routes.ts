import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../core/contract/common.ts';
import { firmCreateSchema, firmListSchema, firmSchema, firmUpdateSchema } from '../../core/contract/firms.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import { createFirm, getFirm, listFirmsFor, updateFirm } from './firm.service.ts';

export function firmRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/firms',
      {
        schema: {
          tags: ['firms'],
          summary:
            'The firms the caller may work with: own firm and distributors; every firm for vendor staff',
          response: { 200: firmListSchema },
        },
      },
      async (request) => ({
        items: await listFirmsFor(context.db, requireAuthentication(request).principal),
      }),
    );

    app.get(
      '/firms/:id',
      {
        schema: {
          tags: ['firms'],
          summary: 'One firm',
          params: idParamsSchema,
          response: { 200: firmSchema },
        },
      },
      async (request, reply) => {
        const firm = await getFirm(context.db, requireAuthentication(request).principal, request.params.id);
        setEtag(reply, firm.version);
        return firm;
      },
    );

    app.post(
      '/firms',
      {
        schema: {
          tags: ['firms'],
          summary: 'Create a firm (admins)',
          body: firmCreateSchema,
          response: { 201: firmSchema },
        },
      },
      async (request, reply) => {
        const firm = await createFirm(context.db, requireAuthentication(request).principal, request.body);
        setEtag(reply, firm.version);
        return reply.code(201).send(firm);
      },
    );

    app.patch(
      '/firms/:id',
      {
        schema: {
          tags: ['firms'],
          summary: 'Change a firm: name, distributor flag, eligibility (admins)',
          params: idParamsSchema,
          body: firmUpdateSchema,
          response: { 200: firmSchema },
        },
      },
      async (request, reply) => {
        const firm = await updateFirm(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, firm.version);
        return firm;
      },
    );
  };
}
