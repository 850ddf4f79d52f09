import { z } from 'zod';
import { firmKinds, roles } from '../roles.ts';
import { bodyIdSchema, emailSchema, requiredText, timestampSchema } from './common.ts';

export const firmSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: z.enum(firmKinds),
    isDistributor: z.boolean(),
    isInGoodStanding: z.boolean(),
    isAuthorized: z.boolean(),
    /** SPEC §1: eligible to create and receive opportunities = good standing and authorized. */
    isEligible: z.boolean(),
    distributorFirmId: z.number().nullable(),
    version: z.number(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Firm' });
export type Firm = z.infer<typeof firmSchema>;

export const firmCreateSchema = z.strictObject({
  name: requiredText(200),
  kind: z.enum(firmKinds),
  isDistributor: z.boolean().default(false),
  isInGoodStanding: z.boolean().default(true),
  isAuthorized: z.boolean().default(true),
  distributorFirmId: bodyIdSchema.nullable().optional(),
});
export type FirmCreate = z.infer<typeof firmCreateSchema>;

export const firmUpdateSchema = z.strictObject({
  name: requiredText(200).optional(),
  isDistributor: z.boolean().optional(),
  isInGoodStanding: z.boolean().optional(),
  isAuthorized: z.boolean().optional(),
  distributorFirmId: bodyIdSchema.nullable().optional(),
});
export type FirmUpdate = z.infer<typeof firmUpdateSchema>;

export const firmListSchema = z.object({ items: z.array(firmSchema) });

export const userSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    firmId: z.number(),
    firmName: z.string(),
    isActive: z.boolean(),
    lastLoginAt: timestampSchema.nullable(),
    version: z.number(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

/** A password must be long enough to resist guessing; length beats composition rules. */
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

export const userCreateSchema = z.strictObject({
  email: emailSchema,
  name: requiredText(200),
  role: z.enum(roles),
  firmId: bodyIdSchema,
  password: passwordSchema,
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z.strictObject({
  name: requiredText(200).optional(),
  role: z.enum(roles).optional(),
  isActive: z.boolean().optional(),
  password: passwordSchema.optional(),
});
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const userListSchema = z.object({ items: z.array(userSchema), nextCursor: z.string().nullable() });
