import type { AuditEntryTable } from '../audit/audit.table.ts';
import type { ApiTokenTable, SessionTable, SignInEventTable } from '../auth/auth.table.ts';
import type { ClientTable } from '../clients/client.table.ts';
import type { ContactTable } from '../contacts/contact.table.ts';
import type { FavoriteTable } from '../favorites/favorite.table.ts';
import type { FirmTable } from '../firms/firm.table.ts';
import type { UserTable } from '../users/user.table.ts';

export interface NumberSequenceTable {
  name: string;
  next_value: number;
}

export interface AppSettingTable {
  key: string;
  value: string;
}

/** Every table the app reads or writes, as Kysely sees them. */
export interface Database {
  firms: FirmTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  sign_in_events: SignInEventTable;
  clients: ClientTable;
  contacts: ContactTable;
  audit_entries: AuditEntryTable;
  favorites: FavoriteTable;
  number_sequences: NumberSequenceTable;
  app_settings: AppSettingTable;
}
