import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  clientCreateSchema,
  clientListQuerySchema,
  clientPageSchema,
  clientSchema,
  clientUpdateSchema,
} from '../../core/contract/clients.ts';
import { auditPageSchema, auditQuerySchema, idParamsSchema } from '../../core/contract/common.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import {
  createClient,
  deleteClient,
  getClient,
  listClientChanges,
  listClients,
  updateClient,
} from './client.service.ts';

export function clientRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/clients',
      {
        schema: {
          tags: ['clients'],
          summary: 'Clients the caller can see: basic search (q), filters, sort, cursor pages',
          querystring: clientListQuerySchema,
          response: { 200: clientPageSchema, 400: errorBodySchema },
        },
      },
      async (request) => listClients(context.db, requireAuthentication(request).principal, request.query),
    );

    app.post(
      '/clients',
      {
        schema: {
          tags: ['clients'],
          summary: 'Register a client for the caller’s firm',
          body: clientCreateSchema,
          response: { 201: clientSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        const client = await createClient(context.db, requireAuthentication(request).principal, request.body);
        setEtag(reply, client.version);
        return reply.code(201).header('Location', `/api/v1/clients/${client.id}`).send(client);
      },
    );

    app.get(
      '/clients/:id',
      {
        schema: {
          tags: ['clients'],
          summary: 'One client (the Site overview)',
          params: idParamsSchema,
          response: { 200: clientSchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const client = await getClient(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        );
        setEtag(reply, client.version);
        return client;
      },
    );

    app.patch(
      '/clients/:id',
      {
        schema: {
          tags: ['clients'],
          summary: 'Change a client; send If-Match with the ETag you read',
          params: idParamsSchema,
          body: clientUpdateSchema,
          response: {
            200: clientSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const client = await updateClient(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, client.version);
        return client;
      },
    );

    app.delete(
      '/clients/:id',
      {
        schema: {
          tags: ['clients'],
          summary: 'Delete a client (kept with its history, hidden everywhere)',
          params: idParamsSchema,
          response: { 204: z.null(), 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        await deleteClient(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/clients/:id/changes',
      {
        schema: {
          tags: ['clients'],
          summary: 'The audit trail of a client: who changed which field, when, from what to what',
          params: idParamsSchema,
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema, 404: errorBodySchema },
        },
      },
      async (request) =>
        listClientChanges(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.query,
        ),
    );
  };
}
