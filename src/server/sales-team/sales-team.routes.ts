import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../core/contract/common.ts';
import { teamBodySchema, teamSchema } from '../../core/contract/team.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf } from '../http/etag.ts';
import { getTeam, replaceSalesTeam } from './sales-team.service.ts';

export function salesTeamRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/opportunities/:id/team',
      {
        schema: {
          tags: ['sales team'],
          summary: 'The sales team: people of any firm, each with a role and read or edit access',
          params: idParamsSchema,
          response: { 200: teamSchema, 404: errorBodySchema },
        },
      },
      async (request) => ({
        items: await getTeam(context.db, requireAuthentication(request).principal, request.params.id),
      }),
    );

    app.put(
      '/opportunities/:id/team',
      {
        schema: {
          tags: ['sales team'],
          summary: 'Replace the sales team (the owner always stays, with edit access)',
          description: 'The body is the list of members, or `{ "items": [...] }`.',
          params: idParamsSchema,
          body: teamBodySchema,
          response: {
            200: teamSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            422: errorBodySchema,
          },
        },
      },
      async (request) => {
        const body = request.body;
        const members = Array.isArray(body) ? body : 'items' in body ? body.items : body.members;
        return {
          items: await replaceSalesTeam(
            context.db,
            requireAuthentication(request).principal,
            request.params.id,
            members,
            expectedVersionOf(request),
          ),
        };
      },
    );
  };
}
