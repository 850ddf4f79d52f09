import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../core/contract/common.ts';
import {
  savedSearchCreateSchema,
  savedSearchListQuerySchema,
  savedSearchListSchema,
  savedSearchSchema,
  savedSearchUpdateSchema,
} from '../../core/contract/saved-searches.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import {
  createSavedSearch,
  deleteSavedSearch,
  getSavedSearch,
  listSavedSearches,
  updateSavedSearch,
} from './saved-search.service.ts';

export function savedSearchRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/saved-searches',
      {
        schema: {
          tags: ['saved searches'],
          summary: 'My saved searches, by list and name',
          querystring: savedSearchListQuerySchema,
          response: { 200: savedSearchListSchema, 400: errorBodySchema },
        },
      },
      async (request) => ({
        items: await listSavedSearches(
          context.db,
          requireAuthentication(request).principal,
          request.query.entityType,
        ),
      }),
    );

    app.post(
      '/saved-searches',
      {
        schema: {
          tags: ['saved searches'],
          summary: 'Save a list view (its URL query string) under a name',
          description:
            'The query must be valid for that list (as `GET /api/v1/{clients,contacts,opportunities}` takes it), without `cursor`. Names are unique per list.',
          body: savedSearchCreateSchema,
          response: {
            201: savedSearchSchema,
            400: errorBodySchema,
            409: errorBodySchema,
            422: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const savedSearch = await createSavedSearch(
          context.db,
          requireAuthentication(request).principal,
          request.body,
        );
        setEtag(reply, savedSearch.version);
        return reply
          .code(201)
          .header('Location', `/api/v1/saved-searches/${savedSearch.id}`)
          .send(savedSearch);
      },
    );

    app.get(
      '/saved-searches/:id',
      {
        schema: {
          tags: ['saved searches'],
          summary: 'One of my saved searches',
          params: idParamsSchema,
          response: { 200: savedSearchSchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const savedSearch = await getSavedSearch(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        );
        setEtag(reply, savedSearch.version);
        return savedSearch;
      },
    );

    app.patch(
      '/saved-searches/:id',
      {
        schema: {
          tags: ['saved searches'],
          summary:
            'Rename a saved search or save a new view under its name; send If-Match with the ETag you read',
          params: idParamsSchema,
          body: savedSearchUpdateSchema,
          response: {
            200: savedSearchSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const savedSearch = await updateSavedSearch(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, savedSearch.version);
        return savedSearch;
      },
    );

    app.delete(
      '/saved-searches/:id',
      {
        schema: {
          tags: ['saved searches'],
          summary: 'Delete a saved search',
          params: idParamsSchema,
          response: { 204: z.null(), 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        await deleteSavedSearch(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
        );
        return reply.code(204).send(null);
      },
    );
  };
}
