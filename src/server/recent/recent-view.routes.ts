import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  recentViewCreateSchema,
  recentViewListQuerySchema,
  recentViewListSchema,
} from '../../core/contract/recent-views.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { listRecentViews, recordRecentView } from './recent-view.service.ts';

export function recentViewRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/recent-views',
      {
        schema: {
          tags: ['recently viewed'],
          summary: 'The clients, contacts and opportunities I opened last, newest first',
          querystring: recentViewListQuerySchema,
          response: { 200: recentViewListSchema, 400: errorBodySchema },
        },
      },
      async (request) => ({
        items: await listRecentViews(
          context.db,
          requireAuthentication(request).principal,
          request.query.limit,
        ),
      }),
    );

    app.post(
      '/recent-views',
      {
        schema: {
          tags: ['recently viewed'],
          summary: 'Record that I opened a record (the web app calls this from every overview screen)',
          body: recentViewCreateSchema,
          response: { 204: z.null(), 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        await recordRecentView(context.db, requireAuthentication(request).principal, request.body);
        return reply.code(204).send(null);
      },
    );
  };
}
