import type { Generated } from 'kysely';

export type ProductType = 'hardware' | 'software' | 'services' | 'financing';

export interface ProductTable {
  id: Generated<number>;
  type: ProductType;
  brand: string;
  family: string;
  offering: string;
  part_number: string | null;
  list_price_minor: number | null;
  currency: string | null;
  is_active: number;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}
