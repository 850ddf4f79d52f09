import { z } from 'zod';
import { dateSchema, timestampSchema } from './common.ts';
import { rateSchema } from './money.ts';

export const currencySchema = z
  .object({
    code: z.string(),
    name: z.string(),
    exponent: z.number().describe('Minor-unit digits: 2 for USD, 0 for JPY'),
    isActive: z.boolean(),
    rate: z.string().nullable().describe('The current rate: reporting-currency units per unit'),
    rateDate: dateSchema.nullable(),
    version: z
      .number()
      .describe(
        'Moves on when the currency is offered or withdrawn and when a rate is added; sent as the `ETag`, to be sent back as `If-Match`',
      ),
  })
  .meta({ id: 'Currency' });
export type Currency = z.infer<typeof currencySchema>;

export const currencyListSchema = z.object({ reportingCurrency: z.string(), items: z.array(currencySchema) });

export const currencyListQuerySchema = z.strictObject({
  all: z.enum(['true', 'false']).optional().describe('Every ISO 4217 currency, not only those with a rate'),
});

export const currencyParamsSchema = z.strictObject({
  code: z.string().regex(/^[A-Z]{3}$/, 'must be a currency code'),
});

export const exchangeRateSchema = z
  .object({ currency: z.string(), effectiveDate: dateSchema, rate: z.string(), createdAt: timestampSchema })
  .meta({ id: 'ExchangeRate' });
export const exchangeRateListSchema = z.object({ items: z.array(exchangeRateSchema) });

export const exchangeRateCreateSchema = z.strictObject({ rate: rateSchema, effectiveDate: dateSchema });
export const currencyUpdateSchema = z.strictObject({ isActive: z.boolean() });
