import type { User } from '../../core/contract/firms.ts';
import type { Principal } from '../../core/principal.ts';
import { maySeeSignInActivity } from '../../core/roles.ts';
import type { UserWithFirmRow } from './user.repository.ts';

/**
 * A user as `viewer` may see them: the last sign-in only where `maySeeSignInActivity` allows.
 * `administration` is an administrator's own action (creating or changing users, also from the CLI).
 */
export function toUser(row: UserWithFirmRow, viewer: Principal | 'administration'): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    firmId: row.firm_id,
    firmName: row.firm_name,
    isActive: Boolean(row.is_active),
    lastLoginAt:
      viewer === 'administration' || maySeeSignInActivity(viewer, { id: row.id, firmId: row.firm_id })
        ? row.last_login_at
        : null,
    version: row.version,
    createdAt: row.created_at,
  };
}
