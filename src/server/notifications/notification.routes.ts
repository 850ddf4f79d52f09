import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  notificationListQuerySchema,
  notificationPageSchema,
  notificationReadResultSchema,
  notificationReadSchema,
} from '../../core/contract/notifications.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { listNotifications, readNotifications } from './notification.service.ts';

export function notificationRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: 'My notifications (passed opportunities), newest first, with the unread count',
          querystring: notificationListQuerySchema,
          response: { 200: notificationPageSchema, 400: errorBodySchema },
        },
      },
      async (request) =>
        listNotifications(context.db, requireAuthentication(request).principal, request.query),
    );

    app.post(
      '/notifications/read',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Mark some of my notifications read (ids), or all of them (no ids, or no body)',
          body: notificationReadSchema.nullable(),
          response: { 200: notificationReadResultSchema, 400: errorBodySchema },
        },
      },
      async (request) =>
        readNotifications(context.db, requireAuthentication(request).principal, request.body),
    );
  };
}
