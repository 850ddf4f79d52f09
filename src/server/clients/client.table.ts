import type { Generated } from 'kysely';

export interface ClientTable {
  id: Generated<number>;
  client_number: string;
  name: string;
  industry: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  website: string | null;
  phone: string | null;
  employees: number | null;
  description: string | null;
  parent_client_id: number | null;
  owner_firm_id: number;
  /** Copied from the owner firm's kind at creation: vendor-registered clients are visible to all (SPEC §2). */
  is_vendor_registered: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  version: Generated<number>;
}
