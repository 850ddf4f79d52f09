import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditPageSchema, auditQuerySchema, idParamsSchema } from '../../core/contract/common.ts';
import {
  contactCreateSchema,
  contactListQuerySchema,
  contactPageSchema,
  contactSchema,
  contactUpdateSchema,
} from '../../core/contract/contacts.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import {
  createContact,
  deleteContact,
  getContact,
  listContactChanges,
  listContacts,
  updateContact,
} from './contact.service.ts';

export function contactRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contacts',
      {
        schema: {
          tags: ['contacts'],
          summary: 'BPContacts the caller can see: basic search (q), filters, sort, cursor pages',
          querystring: contactListQuerySchema,
          response: { 200: contactPageSchema, 400: errorBodySchema },
        },
      },
      async (request) => listContacts(context.db, requireAuthentication(request).principal, request.query),
    );

    app.post(
      '/contacts',
      {
        schema: {
          tags: ['contacts'],
          summary: 'Add a BPContact at a client, owned by the caller’s firm',
          body: contactCreateSchema,
          response: { 201: contactSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        const contact = await createContact(
          context.db,
          requireAuthentication(request).principal,
          request.body,
        );
        setEtag(reply, contact.version);
        return reply.code(201).header('Location', `/api/v1/contacts/${contact.id}`).send(contact);
      },
    );

    app.get(
      '/contacts/:id',
      {
        schema: {
          tags: ['contacts'],
          summary: 'One BPContact (the Contact overview)',
          params: idParamsSchema,
          response: { 200: contactSchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const contact = await getContact(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        );
        setEtag(reply, contact.version);
        return contact;
      },
    );

    app.patch(
      '/contacts/:id',
      {
        schema: {
          tags: ['contacts'],
          summary: 'Change a BPContact; send If-Match with the ETag you read',
          params: idParamsSchema,
          body: contactUpdateSchema,
          response: {
            200: contactSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const contact = await updateContact(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, contact.version);
        return contact;
      },
    );

    app.delete(
      '/contacts/:id',
      {
        schema: {
          tags: ['contacts'],
          summary: 'Delete a BPContact (kept with its history, hidden everywhere)',
          params: idParamsSchema,
          response: { 204: z.null(), 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        await deleteContact(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/contacts/:id/changes',
      {
        schema: {
          tags: ['contacts'],
          summary: 'The audit trail of a BPContact: who changed which field, when, from what to what',
          params: idParamsSchema,
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema, 404: errorBodySchema },
        },
      },
      async (request) =>
        listContactChanges(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.query,
        ),
    );
  };
}
