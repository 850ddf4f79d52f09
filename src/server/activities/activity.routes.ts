import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type ActivityEntityType,
  activityCreateSchema,
  activityListQuerySchema,
  activityPageSchema,
  activityParentQuerySchema,
  activitySchema,
  activityUpdateSchema,
  clientTimelineQuerySchema,
} from '../../core/contract/activities.ts';
import { auditPageSchema, auditQuerySchema, idParamsSchema } from '../../core/contract/common.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import {
  createActivity,
  deleteActivity,
  getActivity,
  listActivities,
  listActivitiesOf,
  listActivityChanges,
  listClientTimeline,
  updateActivity,
} from './activity.service.ts';

const errors = {
  400: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/** The overview drawers read a record's activities under the record's own path. */
const parentPaths: Record<ActivityEntityType, { path: string; tag: string; label: string }> = {
  client: { path: '/clients/:id/activities', tag: 'clients', label: 'client' },
  contact: { path: '/contacts/:id/activities', tag: 'contacts', label: 'BPContact' },
  opportunity: { path: '/opportunities/:id/activities', tag: 'opportunities', label: 'opportunity' },
};

export function activityRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/activities',
      {
        schema: {
          tags: ['activities'],
          summary: 'Activities and notes: of one record (entityType + entityId), or my own on every record',
          description:
            'With `entityType` and `entityId`, the activities of that record (404 when you cannot see it); without them, the activities you own on records you can still see.',
          querystring: activityListQuerySchema,
          response: { 200: activityPageSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => listActivities(context.db, requireAuthentication(request).principal, request.query),
    );

    for (const [entityType, parent] of Object.entries(parentPaths) as [
      ActivityEntityType,
      (typeof parentPaths)[ActivityEntityType],
    ][]) {
      app.get(
        parent.path,
        {
          schema: {
            tags: [parent.tag, 'activities'],
            summary: `The activities and notes of a ${parent.label}`,
            params: idParamsSchema,
            querystring: activityParentQuerySchema,
            response: { 200: activityPageSchema, 400: errorBodySchema, 404: errorBodySchema },
          },
        },
        async (request) =>
          listActivitiesOf(
            context.db,
            requireAuthentication(request).principal,
            entityType,
            request.params.id,
            request.query,
          ),
      );
    }

    app.get(
      '/clients/:id/timeline',
      {
        schema: {
          tags: ['clients', 'activities'],
          summary: 'One timeline per client: its activities and those of its opportunities and BPContacts',
          description:
            'Newest first. Each entry names the record it belongs to (`entityType`, `entityId`, `entityTitle`). Only the activities you may see: those of deals you can open, and your own firm’s notes on the client and its BPContacts. Filter by `source` (client, opportunities, contacts), `kind` and `status`; page with `cursor`.',
          params: idParamsSchema,
          querystring: clientTimelineQuerySchema,
          response: { 200: activityPageSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) =>
        listClientTimeline(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.query,
        ),
    );

    app.post(
      '/activities',
      {
        schema: {
          tags: ['activities'],
          summary: 'Add a task, call, meeting or note to a client, BPContact or opportunity',
          description: 'Closed opportunities still take activities and notes (SPEC §3).',
          body: activityCreateSchema,
          response: { 201: activitySchema, ...errors },
        },
      },
      async (request, reply) => {
        const activity = await createActivity(
          context.db,
          requireAuthentication(request).principal,
          request.body,
        );
        setEtag(reply, activity.version);
        return reply.code(201).header('Location', `/api/v1/activities/${activity.id}`).send(activity);
      },
    );

    app.get(
      '/activities/:id',
      {
        schema: {
          tags: ['activities'],
          summary: 'One activity or note',
          params: idParamsSchema,
          response: { 200: activitySchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const activity = await getActivity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        );
        setEtag(reply, activity.version);
        return activity;
      },
    );

    app.patch(
      '/activities/:id',
      {
        schema: {
          tags: ['activities'],
          summary: 'Change or complete an activity; send If-Match with the ETag you read',
          description: 'Setting `status` to `done` records `completedAt`.',
          params: idParamsSchema,
          body: activityUpdateSchema,
          response: { 200: activitySchema, ...errors },
        },
      },
      async (request, reply) => {
        const activity = await updateActivity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, activity.version);
        return activity;
      },
    );

    app.delete(
      '/activities/:id',
      {
        schema: {
          tags: ['activities'],
          summary: 'Delete an activity or note (kept with its history, hidden everywhere)',
          params: idParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await deleteActivity(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/activities/:id/changes',
      {
        schema: {
          tags: ['activities'],
          summary: 'The change log of an activity: who changed which field, when, from what to what',
          params: idParamsSchema,
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema, 404: errorBodySchema },
        },
      },
      async (request) =>
        listActivityChanges(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.query,
        ),
    );
  };
}
