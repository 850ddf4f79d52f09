import { z } from 'zod';
import { bodyIdSchema, optionalText } from './common.ts';

export const teamRoles = [
  'Owner',
  'Sales rep',
  'Technical specialist',
  'Manager',
  'Vendor rep',
  'Distributor rep',
  'Co-seller',
] as const;

export const teamMemberInputSchema = z.strictObject({
  userId: bodyIdSchema,
  role: optionalText(60),
  access: z.enum(['read', 'edit']).default('read'),
});
export type TeamMemberInput = z.infer<typeof teamMemberInputSchema>;

/** `PUT …/team` takes the whole team, as an array or as `{ items }` (or `{ members }`). */
export const teamBodySchema = z.union([
  z.array(teamMemberInputSchema).max(50),
  z.strictObject({ items: z.array(teamMemberInputSchema).max(50) }),
  z.strictObject({ members: z.array(teamMemberInputSchema).max(50) }),
]);

export const teamMemberSchema = z
  .object({
    userId: z.number(),
    name: z.string(),
    email: z.string(),
    firmId: z.number(),
    firmName: z.string(),
    role: z.string().nullable(),
    access: z.enum(['read', 'edit']),
    isOwner: z.boolean(),
  })
  .meta({ id: 'SalesTeamMember' });
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const teamSchema = z.object({ items: z.array(teamMemberSchema) });
