import { canDeleteFirmRecord, canEditFirmRecord, isOpenOnlyThroughDeal } from '../../core/access.ts';
import { type Contact, formatContactName } from '../../core/contract/contacts.ts';
import type { Principal } from '../../core/principal.ts';
import type { ContactRow } from './contact.repository.ts';

export function contactOwnership(row: Pick<ContactRow, 'owner_firm_id' | 'is_vendor_registered'>) {
  return {
    ownerFirmId: row.owner_firm_id,
    ownerFirmKind: row.is_vendor_registered ? 'vendor' : 'partner',
  } as const;
}

export function toContact(row: ContactRow, principal: Principal): Contact {
  const ownership = contactOwnership(row);
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    firstName: row.first_name,
    lastName: row.last_name,
    fullName: formatContactName({ firstName: row.first_name, lastName: row.last_name }),
    title: row.title,
    department: row.department,
    email: row.email,
    phone: row.phone,
    mobile: row.mobile,
    notes: row.notes,
    ownerFirmId: row.owner_firm_id,
    ownerFirmName: row.owner_firm_name,
    isFavorite: row.favorite_of !== null,
    canEdit: canEditFirmRecord(principal, ownership),
    canDelete: canDeleteFirmRecord(principal, ownership),
    isOpenThroughDeal: isOpenOnlyThroughDeal(principal, ownership),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export const auditedContactFields = [
  'clientId',
  'firstName',
  'lastName',
  'title',
  'department',
  'email',
  'phone',
  'mobile',
  'notes',
] as const;

export function contactAuditSnapshot(contact: Contact): Record<string, unknown> {
  return Object.fromEntries(auditedContactFields.map((field) => [field, contact[field]]));
}
