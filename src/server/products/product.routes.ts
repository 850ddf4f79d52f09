import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../core/contract/common.ts';
import {
  productCreateSchema,
  productListQuerySchema,
  productListSchema,
  productSchema,
  productTreeSchema,
  productUpdateSchema,
} from '../../core/contract/products.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import { createProduct, listProducts, productTree, updateProduct } from './product.service.ts';

export function productRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/products',
      {
        schema: {
          tags: ['products'],
          summary: 'The product catalog, searchable (q) and filtered by type or brand',
          querystring: productListQuerySchema,
          response: { 200: productListSchema },
        },
      },
      async (request) => {
        requireAuthentication(request);
        return { items: await listProducts(context.db, request.query) };
      },
    );

    app.get(
      '/products/tree',
      {
        schema: {
          tags: ['products'],
          summary: 'The catalog as type → brand → family → offering',
          response: { 200: productTreeSchema },
        },
      },
      async (request) => {
        requireAuthentication(request);
        return { items: await productTree(context.db) };
      },
    );

    app.post(
      '/products',
      {
        schema: {
          tags: ['products'],
          summary: 'Add a product to the catalog (admins)',
          body: productCreateSchema,
          response: { 201: productSchema, 400: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        const product = await createProduct(
          context.db,
          requireAuthentication(request).principal,
          request.body,
        );
        setEtag(reply, product.version);
        return reply.code(201).send(product);
      },
    );

    app.patch(
      '/products/:id',
      {
        schema: {
          tags: ['products'],
          summary: 'Change a product (admins); deactivate instead of deleting',
          params: idParamsSchema,
          body: productUpdateSchema,
          response: {
            200: productSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const product = await updateProduct(
          context.db,
          requireAuthentication(request).principal,
          request.params.id,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, product.version);
        return product;
      },
    );
  };
}
