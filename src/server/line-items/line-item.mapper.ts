import type { LineItem } from '../../core/contract/line-items.ts';
import { productLabel as labelOf } from '../../core/line-pricing.ts';
import { fromHundredths, fromMilli } from '../../core/money.ts';
import type { LineItemRow } from './line-item.repository.ts';

export function toLineItem(row: LineItemRow, currency: string): LineItem {
  const productLabel =
    row.product_brand === null
      ? null
      : labelOf({
          brand: row.product_brand,
          family: row.product_family ?? '',
          offering: row.product_offering ?? '',
        });
  return {
    id: row.id,
    opportunityId: row.opportunity_id,
    position: row.position,
    productId: row.product_id,
    productLabel,
    type: row.product_type,
    brand: row.product_brand,
    family: row.product_family,
    offering: row.product_offering,
    partNumber: row.product_part_number,
    description: row.description,
    quantity: fromMilli(row.quantity_milli),
    unitPriceMinor: row.unit_price_minor,
    discountPercent: fromHundredths(row.discount_hundredths),
    amountMinor: row.amount_minor,
    currency,
    decisionDate: row.decision_date,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    outcome: row.outcome,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export const auditedLineItemFields = [
  'productId',
  'description',
  'quantity',
  'unitPriceMinor',
  'discountPercent',
  'amountMinor',
  'decisionDate',
  'ownerId',
  'outcome',
] as const;

export function lineItemAuditSnapshot(line: LineItem): Record<string, unknown> {
  return Object.fromEntries(auditedLineItemFields.map((field) => [field, line[field]]));
}
