import { z } from 'zod';
import { type MinorTotal, maxAmountMinor } from '../money.ts';

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

/**
 * A total across opportunities (reports, board, Home), in minor units, always exact: a JSON integer
 * while it is a safe integer, otherwise the integer's decimal digits as a string (see `toMinorTotal`).
 */
export const minorTotalSchema: z.ZodType<MinorTotal> = z
  .union([z.number().int(), z.string().regex(/^-?\d+$/)])
  .describe(
    'Minor units, exact: a JSON integer while it is within ±9,007,199,254,740,991 (2^53 − 1), otherwise the exact integer as a string of digits, e.g. "12000000000000000". Each opportunity holds at most 10^15 minor units, but sums of many of them, or totals shown in a currency of much smaller unit, can pass 2^53.',
  )
  .meta({ id: 'MinorTotal' });
