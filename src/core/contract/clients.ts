import { z } from 'zod';
import {
  bodyIdSchema,
  booleanQuery,
  cursorSchema,
  idSchema,
  limitSchema,
  optionalText,
  optionalWebsite,
  pageSchema,
  requiredText,
  sortSchema,
  timestampSchema,
} from './common.ts';

/** SPEC §2: a client site ("account" in most CRMs). */
const clientEditableFields = {
  name: requiredText(200),
  clientNumber: requiredText(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'may hold letters, digits and . _ / - only')
    .optional(),
  industry: optionalText(100),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: optionalText(100),
  website: optionalWebsite,
  phone: optionalText(40),
  employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
  description: optionalText(4000),
  parentClientId: bodyIdSchema.nullable().optional(),
};

export const clientCreateSchema = z.strictObject(clientEditableFields).meta({ id: 'ClientCreate' });
export type ClientCreate = z.infer<typeof clientCreateSchema>;

export const clientUpdateSchema = z
  .strictObject({ ...clientEditableFields, name: requiredText(200).optional() })
  .meta({ id: 'ClientUpdate' });
export type ClientUpdate = z.infer<typeof clientUpdateSchema>;

export const clientSchema = z
  .object({
    id: z.number(),
    clientNumber: z.string(),
    name: z.string(),
    industry: z.string().nullable(),
    addressLine1: z.string().nullable(),
    addressLine2: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    postalCode: z.string().nullable(),
    country: z.string().nullable(),
    website: z.string().nullable(),
    phone: z.string().nullable(),
    employees: z.number().nullable(),
    description: z.string().nullable(),
    parentClientId: z.number().nullable(),
    parentClientName: z.string().nullable(),
    ownerFirmId: z.number(),
    ownerFirmName: z.string(),
    /** Registered by the vendor, so visible to every partner (SPEC §2). */
    isVendorRegistered: z.boolean(),
    isFavorite: z.boolean(),
    canEdit: z.boolean(),
    canDelete: z.boolean(),
    /**
     * Open to the caller only as the client of an opportunity they may see (SPEC §5): theirs to read,
     * not to change, add BPContacts, opportunities or notes to, nor to follow into its change log.
     */
    isOpenThroughDeal: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: z.number(),
  })
  .meta({ id: 'Client' });
export type Client = z.infer<typeof clientSchema>;

export const clientSortFields = [
  'name',
  'clientNumber',
  'country',
  'industry',
  'createdAt',
  'updatedAt',
] as const;

export const clientListQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Basic search over name, client number, city and website'),
  country: z.string().trim().max(100).optional(),
  industry: z.string().trim().max(100).optional(),
  ownerFirmId: idSchema.optional(),
  parentClientId: idSchema.optional(),
  vendorRegistered: booleanQuery
    .optional()
    .describe('Only clients registered by the vendor (true) or by firms (false)'),
  favorites: booleanQuery.optional().describe('Only my favorite clients'),
  mine: booleanQuery.optional().describe('Only clients I created'),
  sort: sortSchema(clientSortFields, 'name'),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ClientListQuery = z.infer<typeof clientListQuerySchema>;

export const clientPageSchema = pageSchema(clientSchema);
