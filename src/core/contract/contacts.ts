import { z } from 'zod';
import {
  bodyIdSchema,
  booleanQuery,
  cursorSchema,
  idSchema,
  limitSchema,
  optionalEmail,
  optionalText,
  pageSchema,
  requiredText,
  sortSchema,
  timestampSchema,
} from './common.ts';

/** SPEC §2: a BPContact, a person at a client whom the partner works with. */
const contactEditableFields = {
  clientId: bodyIdSchema,
  firstName: optionalText(100),
  lastName: requiredText(100),
  title: optionalText(150),
  department: optionalText(150),
  email: optionalEmail,
  phone: optionalText(40),
  mobile: optionalText(40),
  notes: optionalText(4000),
};

export const contactCreateSchema = z.strictObject(contactEditableFields).meta({ id: 'ContactCreate' });
export type ContactCreate = z.infer<typeof contactCreateSchema>;

export const contactUpdateSchema = z
  .strictObject({
    ...contactEditableFields,
    clientId: bodyIdSchema.optional(),
    lastName: requiredText(100).optional(),
  })
  .meta({ id: 'ContactUpdate' });
export type ContactUpdate = z.infer<typeof contactUpdateSchema>;

export const contactSchema = z
  .object({
    id: z.number(),
    clientId: z.number(),
    clientName: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string(),
    fullName: z.string(),
    title: z.string().nullable(),
    department: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    mobile: z.string().nullable(),
    notes: z.string().nullable(),
    ownerFirmId: z.number(),
    ownerFirmName: z.string(),
    isFavorite: z.boolean(),
    canEdit: z.boolean(),
    canDelete: z.boolean(),
    /**
     * Open to the caller only as a BPContact of an opportunity they may see (SPEC §5): theirs to read,
     * not to change, start opportunities with or add notes to, nor to follow into its change log.
     */
    isOpenThroughDeal: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: z.number(),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contactSchema>;

export const contactSortFields = ['name', 'email', 'title', 'createdAt', 'updatedAt'] as const;

export const contactListQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Basic search over names, email, title and client name'),
  clientId: idSchema.optional(),
  favorites: booleanQuery.optional().describe('Only my favorite contacts'),
  mine: booleanQuery.optional().describe('Only contacts I created'),
  sort: sortSchema(contactSortFields, 'name'),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ContactListQuery = z.infer<typeof contactListQuerySchema>;

export const contactPageSchema = pageSchema(contactSchema);

export function formatContactName(contact: { firstName: string | null; lastName: string }): string {
  return contact.firstName ? `${contact.firstName} ${contact.lastName}` : contact.lastName;
}
