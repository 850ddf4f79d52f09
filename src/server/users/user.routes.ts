import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorSchema, idParamsSchema, idSchema, limitSchema } from '../../core/contract/common.ts';
import { userCreateSchema, userListSchema, userSchema, userUpdateSchema } from '../../core/contract/firms.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import { createUser, getUser, listUsers, updateUser } from './user.service.ts';

const userListQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  firmId: idSchema.optional(),
  opportunityId: idSchema
    .optional()
    .describe('Only the people who may join this opportunity’s sales team (for an editor picking them)'),
  limit: limitSchema,
  cursor: cursorSchema,
});

export function userRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary:
            'People of the firms the caller works with (everyone for vendor staff and admins); with opportunityId, those who may join that sales team',
          querystring: userListQuerySchema,
          response: { 200: userListSchema, 403: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const { q, firmId, opportunityId, limit, cursor } = request.query;
        return listUsers(context.db, requireAuthentication(request).principal, {
          q,
          firmId,
          opportunityId,
          limit,
          ...(cursor && { cursor }),
        });
      },
    );

    app.get(
      '/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: 'One user',
          params: idParamsSchema,
          response: { 200: userSchema },
        },
      },
      async (request, reply) => {
        const user = await getUser(context.db, requireAuthentication(request).principal, request.params.id);
        setEtag(reply, user.version);
        return user;
      },
    );

    app.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Create a user (admins)',
          body: userCreateSchema,
          response: { 201: userSchema },
        },
      },
      async (request, reply) => {
        const user = await createUser(context.db, requireAuthentication(request).principal, request.body);
        setEtag(reply, user.version);
        return reply.code(201).send(user);
      },
    );

    app.patch(
      '/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: 'Change a user: name, role, active, password (admins)',
          params: idParamsSchema,
          body: userUpdateSchema,
          response: { 200: userSchema },
        },
      },
      async (request, reply) => {
        const user = await updateUser(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, user.version);
        return user;
      },
    );
  };
}
