import type { Generated } from 'kysely';

export interface CurrencyTable {
  code: string;
  name: string;
  /** Minor-unit exponent: 2 for USD, 0 for JPY, 3 for KWD. */
  exponent: number;
  is_active: number;
  version: Generated<number>;
}

export interface ExchangeRateTable {
  id: Generated<number>;
  currency: string;
  effective_date: string;
  /** Reporting-currency units per one unit of the currency, as an exact decimal. */
  rate: string;
  created_by: number | null;
  created_at: string;
}
