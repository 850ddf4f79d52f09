import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  closeReasonCreateSchema,
  closeReasonListSchema,
  closeReasonSchema,
  closeReasonUpdateSchema,
} from '../../core/contract/close-reasons.ts';
import { idParamsSchema } from '../../core/contract/common.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import { createCloseReason, listCloseReasons, updateCloseReason } from './close-reason.service.ts';

export function closeReasonRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/close-reasons',
      {
        schema: {
          tags: ['stages'],
          summary:
            'The close reasons per closing stage, inactive ones included (they name old deals’ reasons)',
          response: { 200: closeReasonListSchema },
        },
      },
      async (request) => {
        requireAuthentication(request);
        return { items: await listCloseReasons(context.db) };
      },
    );

    app.post(
      '/close-reasons',
      {
        schema: {
          tags: ['stages'],
          summary: 'Add a close reason for one or more closing stages (admins)',
          body: closeReasonCreateSchema,
          response: {
            201: closeReasonSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const reason = await createCloseReason(
          context.db,
          requireAuthentication(request).principal,
          request.body,
        );
        setEtag(reply, reason.version);
        return reply.code(201).send(reason);
      },
    );

    app.patch(
      '/close-reasons/:id',
      {
        schema: {
          tags: ['stages'],
          summary:
            'Rename, reorder, change the stages of or deactivate a close reason (admins); never deleted',
          params: idParamsSchema,
          body: closeReasonUpdateSchema,
          response: {
            200: closeReasonSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const reason = await updateCloseReason(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, reason.version);
        return reason;
      },
    );
  };
}
