import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  currencyListQuerySchema,
  currencyListSchema,
  currencyParamsSchema,
  currencySchema,
  currencyUpdateSchema,
  exchangeRateCreateSchema,
  exchangeRateListSchema,
} from '../../core/contract/currencies.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { expectedVersionOf, setEtag } from '../http/etag.ts';
import { getCurrency, listCurrencies, listRates, setCurrencyActive, setRate } from './currency.service.ts';

export function currencyRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/currencies',
      {
        schema: {
          tags: ['currencies'],
          summary: 'Currencies with a rate against the reporting currency (all ISO 4217 with ?all=true)',
          querystring: currencyListQuerySchema,
          response: { 200: currencyListSchema },
        },
      },
      async (request) => {
        requireAuthentication(request);
        return listCurrencies(context.db, request.query.all === 'true');
      },
    );

    app.get(
      '/currencies/:code',
      {
        schema: {
          tags: ['currencies'],
          summary: 'One currency with the rate in force today',
          params: currencyParamsSchema,
          response: { 200: currencySchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        requireAuthentication(request);
        const currency = await getCurrency(context.db, request.params.code);
        setEtag(reply, currency.version);
        return currency;
      },
    );

    app.patch(
      '/currencies/:code',
      {
        schema: {
          tags: ['currencies'],
          summary: 'Offer a currency in pickers or not (admins); send If-Match with the ETag you read',
          params: currencyParamsSchema,
          body: currencyUpdateSchema,
          response: {
            200: currencySchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const currency = await setCurrencyActive(
          context.db,
          requireAuthentication(request).principal,
          request.params.code,
          expectedVersionOf(request),
          request.body.isActive,
        );
        setEtag(reply, currency.version);
        return currency;
      },
    );

    app.get(
      '/currencies/:code/rates',
      {
        schema: {
          tags: ['currencies'],
          summary: 'The dated rates of a currency, newest first',
          params: currencyParamsSchema,
          response: { 200: exchangeRateListSchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        requireAuthentication(request);
        return { items: await listRates(context.db, request.params.code) };
      },
    );

    app.post(
      '/currencies/:code/rates',
      {
        schema: {
          tags: ['currencies'],
          summary: 'Add (or correct) the rate of a currency from a date on (admins)',
          description:
            'Moves the currency’s version on; the `ETag` of the answer is the currency’s new version. Send If-Match with the currency’s ETag to add the rate only if nobody changed the currency since you read it.',
          params: currencyParamsSchema,
          body: exchangeRateCreateSchema,
          response: {
            200: exchangeRateListSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const { items, version } = await setRate(
          context.db,
          requireAuthentication(request).principal,
          request.params.code,
          expectedVersionOf(request),
          request.body,
        );
        setEtag(reply, version);
        return { items };
      },
    );
  };
}
