import type { ColumnType, Generated } from 'kysely';
import type { PassStatus, TeamAccess } from '../../core/opportunity-access.ts';

export type OpportunityOrigin = 'partner' | 'passed' | 'co-marketing';

export interface OpportunityTable {
  id: Generated<number>;
  number: string;
  name: string;
  description: string | null;
  client_id: number;
  primary_contact_id: number | null;
  owner_id: number;
  owner_firm_id: number;
  stage: string;
  stage_entered_at: string;
  /** Outcome of the stage, copied so lists and reports filter open/won/lost without the catalog. */
  outcome: 'open' | 'won' | 'lost';
  has_reached_won: number;
  decision_date: string;
  currency: string;
  amount_minor: number;
  probability: number;
  weighted_amount_minor: number;
  /** Rate saved with the opportunity (reporting-currency units per unit), frozen once it closes. */
  exchange_rate: string;
  is_rate_frozen: number;
  amount_reporting_minor: number;
  weighted_reporting_minor: number;
  line_item_count: number;
  origin: OpportunityOrigin;
  is_private: number;
  private_cleared_at: string | null;
  distributor_firm_id: number | null;
  reseller_firm_id: number | null;
  lead_source: string | null;
  competitor: string | null;
  /** The label of the close reason (kept in step with the catalog), for readers of the free-text era. */
  close_reason: string | null;
  close_reason_id: number | null;
  /** What "Other" stands for (or a note on any reason). */
  close_reason_note: string | null;
  close_note: string | null;
  closed_at: string | null;
  /** The deal's value when it closed, in the reporting currency at the frozen rate; null while open. */
  closed_amount_reporting_minor: number | null;
  next_step: string | null;
  pass_status: PassStatus | null;
  passed_by: number | null;
  passed_at: string | null;
  pass_note: string | null;
  pass_decline_reason: string | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  version: Generated<number>;
}

export interface OpportunityContactTable {
  opportunity_id: number;
  contact_id: number;
  role: string | null;
  is_primary: number;
  created_at: string;
}

export interface SalesTeamMemberTable {
  opportunity_id: number;
  user_id: number;
  role: string | null;
  access: TeamAccess;
  added_at: string;
  /** The deal's owner and owning firm, kept in step by triggers (see the 2026_11_27_1000 migration). */
  owner_id: ColumnType<number | null, never, never>;
  owner_firm_id: ColumnType<number | null, never, never>;
}

export interface StageChangeTable {
  id: Generated<number>;
  opportunity_id: number;
  kind: 'create' | 'stage' | 'reopen' | 'amount' | 'decision-date' | 'probability' | 'update';
  from_stage: string | null;
  to_stage: string;
  changed_at: string;
  changed_by: number | null;
  amount_minor: number;
  currency: string;
  decision_date: string;
  probability: number;
  note: string | null;
}
