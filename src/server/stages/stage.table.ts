export interface StageTable {
  code: string;
  label: string;
  sort_order: number;
  probability: number;
  is_closing: number;
  outcome: 'open' | 'won' | 'lost';
  /** JSON arrays of requirement codes. */
  requirements: string;
  closing_requirements: string;
  stale_after_days: number;
  version: number;
}
