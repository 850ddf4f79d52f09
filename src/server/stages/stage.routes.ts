import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  stageCodeParamsSchema,
  stageListSchema,
  stageSchema,
  stageUpdateSchema,
} from '../../core/contract/stages.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import { listStages, updateStage } from './stage.service.ts';

export function stageRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/stages',
      {
        schema: {
          tags: ['stages'],
          summary: 'The stage catalog: seven gates and four closings, with probabilities and requirements',
          response: { 200: stageListSchema },
        },
      },
      async (request) => {
        requireAuthentication(request);
        return { items: await listStages(context.db) };
      },
    );

    app.patch(
      '/stages/:code',
      {
        schema: {
          tags: ['stages'],
          summary: 'Change a stage’s label, probability, requirements or stale threshold (admins)',
          params: stageCodeParamsSchema,
          body: stageUpdateSchema,
          response: {
            200: stageSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const stage = await updateStage(
          context.db,
          requireAuthentication(request).principal,
          request.params.code,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, stage.version);
        return stage;
      },
    );
  };
}
