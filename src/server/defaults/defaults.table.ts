export interface OpportunityDefaultsTable {
  user_id: number;
  currency: string | null;
  stage: string | null;
  decision_date_days: number | null;
  is_private: number | null;
  distributor_firm_id: number | null;
  reseller_firm_id: number | null;
  lead_source: string | null;
  product_id: number | null;
  /** JSON array of { userId, role, access }. */
  team: string | null;
  updated_at: string;
  version: number;
}
