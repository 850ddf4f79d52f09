import { z } from 'zod';
import { maxAmountMinor } from '../money.ts';

/** ISO 4217 code: three capital letters; the server checks it is a currency it knows with a rate. */
export const currencyCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD');

export const amountMinorSchema = z
  .number({ error: 'must be a whole number of minor units (cents)' })
  .int('must be a whole number of minor units (cents)')
  .min(0, 'must not be negative')
  .max(maxAmountMinor, 'is too large');

export const probabilitySchema = z.number().int('must be a whole percent').min(0).max(100);

export const rateSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,12})?$/, 'must be a positive decimal number such as 1.0823')
  .refine((value) => Number(value) > 0, 'must be above zero');
