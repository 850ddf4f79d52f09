import type { User } from '../../core/contract/firms.ts';
import type { UserWithFirmRow } from './user.repository.ts';

export function toUser(row: UserWithFirmRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    firmId: row.firm_id,
    firmName: row.firm_name,
    isActive: Boolean(row.is_active),
    lastLoginAt: row.last_login_at,
    version: row.version,
    createdAt: row.created_at,
  };
}
