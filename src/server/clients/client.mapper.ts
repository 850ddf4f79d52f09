import {
  canDeleteFirmRecord,
  canEditFirmRecord,
  canSeeFirmRecord,
  isOpenOnlyThroughDeal,
} from '../../core/access.ts';
import type { Client } from '../../core/contract/clients.ts';
import type { Principal } from '../../core/principal.ts';
import type { ClientRow } from './client.repository.ts';

export function clientOwnership(row: Pick<ClientRow, 'owner_firm_id' | 'is_vendor_registered'>) {
  return {
    ownerFirmId: row.owner_firm_id,
    ownerFirmKind: row.is_vendor_registered ? 'vendor' : 'partner',
  } as const;
}

export function toClient(row: ClientRow, principal: Principal): Client {
  const ownership = clientOwnership(row);
  const throughDeal = isOpenOnlyThroughDeal(principal, ownership);
  // Opened only as a deal's client, the record is read as it is, but its parent is another client:
  // named only when the caller may see that one too (SPEC §5, nothing leaks through related records).
  const showsParent =
    !throughDeal ||
    (row.parent_owner_firm_id !== null &&
      canSeeFirmRecord(principal, {
        ownerFirmId: row.parent_owner_firm_id,
        ownerFirmKind: row.parent_is_vendor_registered ? 'vendor' : 'partner',
      }));
  return {
    id: row.id,
    clientNumber: row.client_number,
    name: row.name,
    industry: row.industry,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
    website: row.website,
    phone: row.phone,
    employees: row.employees,
    description: row.description,
    parentClientId: showsParent ? row.parent_client_id : null,
    parentClientName: showsParent ? row.parent_client_name : null,
    ownerFirmId: row.owner_firm_id,
    ownerFirmName: row.owner_firm_name,
    isVendorRegistered: Boolean(row.is_vendor_registered),
    isFavorite: row.favorite_of !== null,
    canEdit: canEditFirmRecord(principal, ownership),
    canDelete: canDeleteFirmRecord(principal, ownership),
    isOpenThroughDeal: throughDeal,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** The fields the audit trail follows, as the API names them. */
export const auditedClientFields = [
  'name',
  'clientNumber',
  'industry',
  'addressLine1',
  'addressLine2',
  'city',
  'region',
  'postalCode',
  'country',
  'website',
  'phone',
  'employees',
  'description',
  'parentClientId',
] as const;

export function clientAuditSnapshot(client: Client): Record<string, unknown> {
  return Object.fromEntries(auditedClientFields.map((field) => [field, client[field]]));
}
