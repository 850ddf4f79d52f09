import { z } from 'zod';
import { firmKinds, roles } from '../roles.ts';
import { timestampSchema } from './common.ts';

export const loginBodySchema = z.strictObject({
  email: z.string().trim().toLowerCase().min(1, 'must not be empty').max(254),
  password: z.string().min(1, 'must not be empty').max(1024),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const meSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    firm: z.object({
      id: z.number(),
      name: z.string(),
      kind: z.enum(firmKinds),
      isDistributor: z.boolean(),
      isEligible: z.boolean(),
    }),
    /** Send back as `X-CSRF-Token` on changes made with the session cookie. Absent for token callers. */
    csrfToken: z.string().nullable(),
    reportingCurrency: z.string(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;

export const apiTokenSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    createdAt: timestampSchema,
    lastUsedAt: timestampSchema.nullable(),
    expiresAt: timestampSchema.nullable(),
    revokedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });

export const createTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100).default('API token'),
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});

export const createdTokenSchema = apiTokenSchema.extend({
  token: z.string().describe('The secret; shown only in this answer'),
});
