import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientErrorReportSchema } from '../../core/contract/client-errors.ts';
import { errorBodySchema } from '../../core/errors.ts';

/** Reports one address may send per minute; more answer 429 and are not logged. */
export const clientErrorRateLimit = { max: 30, timeWindow: 60_000 };

/**
 * The web app reports a screen that failed to show, so whoever runs the server sees it in the log.
 * Open without signing in (the sign-in screen can fail too), limited per address, and bounded in size.
 */
export function clientErrorRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/client-errors',
      {
        config: { isPublic: true, rateLimit: clientErrorRateLimit },
        schema: {
          tags: ['system'],
          summary: 'Report an error the web app ran into; it is written to the server log',
          body: clientErrorReportSchema,
          response: { 204: z.null(), 400: errorBodySchema, 429: errorBodySchema },
        },
      },
      async (request, reply) => {
        const principal = request.authentication?.principal;
        request.log.error(
          {
            clientError: {
              ...request.body,
              userId: principal?.userId ?? null,
              firmId: principal?.firmId ?? null,
            },
          },
          'the web app reported an error',
        );
        return reply.code(204).send(null);
      },
    );
  };
}
