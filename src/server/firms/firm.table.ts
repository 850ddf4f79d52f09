import type { Generated } from 'kysely';
import type { FirmKind } from '../../core/roles.ts';

export interface FirmTable {
  id: Generated<number>;
  name: string;
  kind: FirmKind;
  is_distributor: number;
  is_in_good_standing: number;
  is_authorized: number;
  distributor_firm_id: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}
