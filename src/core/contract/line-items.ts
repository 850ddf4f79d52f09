import { z } from 'zod';
import { bodyIdSchema, dateSchema, optionalText, timestampSchema } from './common.ts';
import { amountMinorSchema } from './money.ts';

export const lineItemOutcomes = ['open', 'won', 'lost'] as const;

const quantitySchema = z
  .number({ error: 'must be a number' })
  // The smallest quantity three decimals can hold: anything smaller would be stored as zero.
  .min(0.001, 'must be at least 0.001')
  .max(1_000_000_000, 'is too large')
  .refine(
    (value) => Math.abs(Math.round(value * 1000) - value * 1000) < 1e-6,
    'may have at most three decimals',
  );

const discountSchema = z
  .number({ error: 'must be a number' })
  .min(0, 'must be from 0 to 100')
  .max(100, 'must be from 0 to 100')
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, 'may have at most two decimals');

const lineItemFields = {
  productId: bodyIdSchema.nullable().optional(),
  description: optionalText(500),
  quantity: quantitySchema.optional(),
  unitPriceMinor: amountMinorSchema.nullable().optional(),
  discountPercent: discountSchema.optional(),
  amountMinor: amountMinorSchema
    .optional()
    .describe(
      'An estimate for a line without a unit price; computed from quantity, price and discount otherwise',
    ),
  decisionDate: dateSchema.nullable().optional(),
  ownerId: bodyIdSchema.optional(),
  outcome: z.enum(lineItemOutcomes).optional(),
};

/** SPEC §2: a line item starts from a catalog product or a description alone. */
export const lineItemCreateSchema = z
  .strictObject(lineItemFields)
  .superRefine((value, context) => {
    if (value.productId == null && !value.description) {
      context.addIssue({
        code: 'custom',
        path: ['description'],
        message: 'is needed when no product is chosen',
      });
    }
    if (value.amountMinor !== undefined && value.unitPriceMinor != null) {
      context.addIssue({
        code: 'custom',
        path: ['amountMinor'],
        message: 'is computed from quantity, unit price and discount; send one or the other',
      });
    }
  })
  .meta({ id: 'LineItemCreate' });
export type LineItemCreate = z.infer<typeof lineItemCreateSchema>;

export const lineItemUpdateSchema = z.strictObject(lineItemFields).meta({ id: 'LineItemUpdate' });
export type LineItemUpdate = z.infer<typeof lineItemUpdateSchema>;

export const lineItemSchema = z
  .object({
    id: z.number(),
    opportunityId: z.number(),
    position: z.number(),
    productId: z.number().nullable(),
    productLabel: z.string().nullable(),
    type: z.string().nullable(),
    brand: z.string().nullable(),
    family: z.string().nullable(),
    offering: z.string().nullable(),
    partNumber: z.string().nullable(),
    description: z.string().nullable(),
    quantity: z.number(),
    unitPriceMinor: z.number().nullable(),
    discountPercent: z.number(),
    amountMinor: z.number(),
    currency: z.string(),
    decisionDate: dateSchema.nullable(),
    ownerId: z.number().nullable(),
    ownerName: z.string().nullable(),
    outcome: z.enum(lineItemOutcomes),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: z.number(),
  })
  .meta({ id: 'LineItem' });
export type LineItem = z.infer<typeof lineItemSchema>;

export const lineItemListSchema = z.object({ items: z.array(lineItemSchema) });
