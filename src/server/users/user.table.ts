import type { Generated } from 'kysely';
import type { Role } from '../../core/roles.ts';

export interface UserTable {
  id: Generated<number>;
  firm_id: number;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  is_active: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}
