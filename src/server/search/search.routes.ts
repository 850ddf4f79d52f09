import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchQuerySchema, searchResultSchema } from '../../core/contract/search.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { searchEverything } from './search.service.ts';

export function searchRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Global search across clients, contacts and opportunities the caller can see',
          querystring: searchQuerySchema,
          response: { 200: searchResultSchema, 400: errorBodySchema },
        },
      },
      async (request) => ({
        items: await searchEverything(context.db, requireAuthentication(request).principal, request.query),
      }),
    );
  };
}
