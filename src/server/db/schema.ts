import type { ActivityTable } from '../activities/activity.table.ts';
import type { AuditEntryTable } from '../audit/audit.table.ts';
import type {
  ApiTokenTable,
  SessionTable,
  SignInAttemptCountTable,
  SignInEventTable,
} from '../auth/auth.table.ts';
import type { ClientTable } from '../clients/client.table.ts';
import type { CloseReasonTable } from '../close-reasons/close-reason.table.ts';
import type { ContactTable } from '../contacts/contact.table.ts';
import type { CurrencyTable, ExchangeRateTable } from '../currencies/currency.table.ts';
import type { OpportunityDefaultsTable } from '../defaults/defaults.table.ts';
import type { FavoriteTable } from '../favorites/favorite.table.ts';
import type { FirmTable } from '../firms/firm.table.ts';
import type { ImportJobTable } from '../import-export/import-job.table.ts';
import type { LineItemTable } from '../line-items/line-item.table.ts';
import type { NotificationTable } from '../notifications/notification.table.ts';
import type {
  OpportunityContactTable,
  OpportunityTable,
  SalesTeamMemberTable,
  StageChangeTable,
} from '../opportunities/opportunity.table.ts';
import type { ProductTable } from '../products/product.table.ts';
import type { RecentViewTable } from '../recent/recent-view.table.ts';
import type { SavedSearchTable } from '../saved-searches/saved-search.table.ts';
import type { StageTable } from '../stages/stage.table.ts';
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
  sign_in_attempt_counts: SignInAttemptCountTable;
  clients: ClientTable;
  contacts: ContactTable;
  audit_entries: AuditEntryTable;
  favorites: FavoriteTable;
  number_sequences: NumberSequenceTable;
  app_settings: AppSettingTable;
  stages: StageTable;
  close_reasons: CloseReasonTable;
  currencies: CurrencyTable;
  exchange_rates: ExchangeRateTable;
  products: ProductTable;
  opportunities: OpportunityTable;
  opportunity_contacts: OpportunityContactTable;
  sales_team_members: SalesTeamMemberTable;
  stage_changes: StageChangeTable;
  line_items: LineItemTable;
  activities: ActivityTable;
  opportunity_defaults: OpportunityDefaultsTable;
  saved_searches: SavedSearchTable;
  recent_views: RecentViewTable;
  notifications: NotificationTable;
  import_jobs: ImportJobTable;
}
