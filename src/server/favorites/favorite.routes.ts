import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  favoriteListQuerySchema,
  favoriteListSchema,
  favoriteParamsSchema,
} from '../../core/contract/favorites.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { addFavorite, listFavorites, removeFavorite } from './favorite.service.ts';

export function favoriteRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/favorites',
      {
        schema: {
          tags: ['favorites'],
          summary: 'My starred clients, contacts and opportunities, newest first',
          querystring: favoriteListQuerySchema,
          response: { 200: favoriteListSchema },
        },
      },
      async (request) => ({
        items: await listFavorites(context.db, requireAuthentication(request).principal, request.query.type),
      }),
    );

    app.put(
      '/favorites/:type/:id',
      {
        schema: {
          tags: ['favorites'],
          summary: 'Star a record (idempotent)',
          params: favoriteParamsSchema,
          response: { 204: z.null(), 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        await addFavorite(
          context.db,
          requireAuthentication(request).principal,
          request.params.type,
          request.params.id,
        );
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/favorites/:type/:id',
      {
        schema: {
          tags: ['favorites'],
          summary: 'Remove the star from a record (idempotent)',
          params: favoriteParamsSchema,
          response: { 204: z.null(), 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        await removeFavorite(
          context.db,
          requireAuthentication(request).principal,
          request.params.type,
          request.params.id,
        );
        return reply.code(204).send(null);
      },
    );
  };
}
