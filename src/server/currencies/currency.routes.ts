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
import { listCurrencies, listRates, setCurrencyActive, setRate } from './currency.service.ts';

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

    app.patch(
      '/currencies/:code',
      {
        schema: {
          tags: ['currencies'],
          summary: 'Offer a currency in pickers or not (admins)',
          params: currencyParamsSchema,
          body: currencyUpdateSchema,
          response: { 200: currencySchema, 403: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) =>
        setCurrencyActive(
          context.db,
          requireAuthentication(request).principal,
          request.params.code,
          request.body.isActive,
        ),
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
          params: currencyParamsSchema,
          body: exchangeRateCreateSchema,
          response: {
            200: exchangeRateListSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
          },
        },
      },
      async (request) => ({
        items: await setRate(
          context.db,
          requireAuthentication(request).principal,
          request.params.code,
          request.body,
        ),
      }),
    );
  };
}
