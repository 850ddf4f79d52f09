import type { Generated } from 'kysely';

export interface LineItemTable {
  id: Generated<number>;
  opportunity_id: number;
  position: number;
  product_id: number | null;
  description: string | null;
  /** Thousandths of a unit. */
  quantity_milli: number;
  unit_price_minor: number | null;
  /** Hundredths of a percent. */
  discount_hundredths: number;
  amount_minor: number;
  decision_date: string | null;
  owner_id: number | null;
  outcome: 'open' | 'won' | 'lost';
  /** Closed by the opportunity's closing (reopened with it), rather than on its own. */
  closed_with_opportunity: number;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}
