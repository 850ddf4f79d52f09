import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { opportunityDefaultsSchema, opportunityDefaultsUpdateSchema } from '../../core/contract/defaults.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import { getMyDefaults, putMyDefaults } from './defaults.service.ts';

export function defaultsRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me/opportunity-defaults',
      {
        schema: {
          tags: ['defaults'],
          summary: 'My opportunity defaults (what prefills a new opportunity)',
          response: { 200: opportunityDefaultsSchema },
        },
      },
      async (request, reply) => {
        const defaults = await getMyDefaults(context.db, requireAuthentication(request).principal);
        setEtag(reply, defaults.version);
        return defaults;
      },
    );

    app.put(
      '/me/opportunity-defaults',
      {
        schema: {
          tags: ['defaults'],
          summary: 'Set my opportunity defaults; fields left out have no default',
          body: opportunityDefaultsUpdateSchema,
          response: {
            200: opportunityDefaultsSchema,
            400: errorBodySchema,
            409: errorBodySchema,
            422: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const defaults = await putMyDefaults(
          context.db,
          requireAuthentication(request).principal,
          request.body,
          expectedVersionOf(request),
        );
        setEtag(reply, defaults.version);
        return defaults;
      },
    );
  };
}
