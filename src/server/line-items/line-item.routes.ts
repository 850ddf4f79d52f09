import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../core/contract/common.ts';
import {
  lineItemCreateSchema,
  lineItemListSchema,
  lineItemSchema,
  lineItemUpdateSchema,
} from '../../core/contract/line-items.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import {
  addLineItem,
  deleteLineItem,
  getLineItem,
  listLineItems,
  updateLineItem,
} from './line-item.service.ts';

const errors = {
  400: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
};
/** Line item changes change the opportunity's total, and so its version; this header carries the new one. */
const opportunityVersionHeader = 'X-Opportunity-Version';

export function lineItemRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/opportunities/:id/line-items',
      {
        schema: {
          tags: ['line items'],
          summary: 'The line items (component amounts) of an opportunity',
          params: idParamsSchema,
          response: { 200: lineItemListSchema, 404: errorBodySchema },
        },
      },
      async (request) => ({
        items: await listLineItems(context.db, requireAuthentication(request).principal, request.params.id),
      }),
    );

    app.post(
      '/opportunities/:id/line-items',
      {
        schema: {
          tags: ['line items'],
          summary: 'Add a line item; the opportunity’s total and decision date follow',
          params: idParamsSchema,
          body: lineItemCreateSchema,
          response: { 201: lineItemSchema, ...errors },
        },
      },
      async (request, reply) => {
        const result = await addLineItem(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          request.body,
        );
        if (!result.lineItem) throw new Error('line item missing after insert');
        setEtag(reply, result.lineItem.version);
        reply.header(opportunityVersionHeader, String(result.opportunityVersion));
        return reply.code(201).send(result.lineItem);
      },
    );

    app.get(
      '/line-items/:id',
      {
        schema: {
          tags: ['line items'],
          summary: 'One line item',
          params: idParamsSchema,
          response: { 200: lineItemSchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const line = await getLineItem(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
        );
        setEtag(reply, line.version);
        return line;
      },
    );

    app.patch(
      '/line-items/:id',
      {
        schema: {
          tags: ['line items'],
          summary: 'Change a line item; send If-Match with its ETag',
          params: idParamsSchema,
          body: lineItemUpdateSchema,
          response: { 200: lineItemSchema, ...errors },
        },
      },
      async (request, reply) => {
        const result = await updateLineItem(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        if (!result.lineItem) throw new Error('line item missing after update');
        setEtag(reply, result.lineItem.version);
        reply.header(opportunityVersionHeader, String(result.opportunityVersion));
        return result.lineItem;
      },
    );

    app.delete(
      '/line-items/:id',
      {
        schema: {
          tags: ['line items'],
          summary: 'Remove a line item',
          params: idParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const result = await deleteLineItem(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
        );
        reply.header(opportunityVersionHeader, String(result.opportunityVersion));
        return reply.code(204).send(null);
      },
    );
  };
}
