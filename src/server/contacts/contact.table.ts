import type { Generated } from 'kysely';

export interface ContactTable {
  id: Generated<number>;
  client_id: number;
  owner_firm_id: number;
  is_vendor_registered: number;
  first_name: string | null;
  last_name: string;
  title: string | null;
  department: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  notes: string | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  version: Generated<number>;
}
