import { z } from 'zod';
import { booleanQuery, optionalText, requiredText, timestampSchema } from './common.ts';
import { amountMinorSchema, currencyCodeSchema } from './money.ts';

export const productTypes = ['hardware', 'software', 'services', 'financing'] as const;

const productFields = {
  type: z.enum(productTypes),
  brand: requiredText(100),
  family: requiredText(100),
  offering: requiredText(200),
  partNumber: optionalText(60),
  listPriceMinor: amountMinorSchema.nullable().optional(),
  currency: currencyCodeSchema.nullable().optional(),
  isActive: z.boolean().optional(),
};

export const productCreateSchema = z.strictObject(productFields).meta({ id: 'ProductCreate' });
export type ProductCreate = z.infer<typeof productCreateSchema>;
export const productUpdateSchema = z
  .strictObject({
    ...productFields,
    type: z.enum(productTypes).optional(),
    brand: requiredText(100).optional(),
    family: requiredText(100).optional(),
    offering: requiredText(200).optional(),
  })
  .meta({ id: 'ProductUpdate' });
export type ProductUpdate = z.infer<typeof productUpdateSchema>;

export const productSchema = z
  .object({
    id: z.number(),
    type: z.enum(productTypes),
    brand: z.string(),
    family: z.string(),
    offering: z.string(),
    partNumber: z.string().nullable(),
    listPriceMinor: z.number().nullable(),
    currency: z.string().nullable(),
    isActive: z.boolean(),
    label: z.string().describe('brand family offering, for pickers'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: z.number(),
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof productSchema>;

export const productListQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  type: z.enum(productTypes).optional(),
  brand: z.string().trim().max(100).optional(),
  includeInactive: booleanQuery.optional(),
});
export const productListSchema = z.object({ items: z.array(productSchema) });

/** The catalog as the tree of SPEC §2: type → brand → family → offering. */
export const productTreeSchema = z.object({
  items: z.array(
    z.object({
      type: z.enum(productTypes),
      brands: z.array(
        z.object({
          brand: z.string(),
          families: z.array(z.object({ family: z.string(), offerings: z.array(productSchema) })),
        }),
      ),
    }),
  ),
});
