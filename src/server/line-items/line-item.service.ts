import type { Insertable, Kysely } from 'kysely';
import type { LineItem, LineItemCreate, LineItemUpdate } from '../../core/contract/line-items.ts';
import { lineAmountMinor, maxAmountText, toHundredths, toMilli } from '../../core/money.ts';
import type { Principal } from '../../core/principal.ts';
import { recordCreate, recordDelete, recordUpdate } from '../audit/audit.service.ts';
import { nowIso } from '../clock.ts';
import { cachedRead, type ReadCache } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import {
  amountOutOfBounds,
  assertVersion,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import {
  findVisibleOpportunity,
  findVisibleOpportunityForChange,
  type OpportunityRow,
} from '../opportunities/opportunity.repository.ts';
import { loadOpportunityForChange, requireEditable } from '../opportunities/opportunity-change.ts';
import { loadEnvironment, saveOpportunityState } from '../opportunities/opportunity-state.ts';
import { findProduct } from '../products/product.repository.ts';
import { findUserById } from '../users/user.repository.ts';
import { auditedLineItemFields, lineItemAuditSnapshot, toLineItem } from './line-item.mapper.ts';
import {
  deleteLineItemRow,
  findLineItem,
  findLineItemsOfOpportunity,
  insertLineItem,
  nextLinePosition,
  updateLineItemRow,
} from './line-item.repository.ts';
import type { LineItemTable } from './line-item.table.ts';

type LineContext = { ownerId: number; ownerFirmId: number; decisionDate: string; currency: string };

/** A line item as stored, before it belongs to an opportunity. */
export type LineValues = Omit<
  Insertable<LineItemTable>,
  'opportunity_id' | 'position' | 'created_at' | 'updated_at'
>;

async function checkProduct(
  db: Kysely<Database>,
  productId: number | null | undefined,
  field: string,
  cache?: ReadCache,
) {
  if (productId === null || productId === undefined) return undefined;
  const product = await cachedRead(cache, `product:${productId}`, () => findProduct(db, productId));
  if (!product?.is_active)
    throw validationError([{ field, message: 'must be an active product of the catalog' }]);
  return product;
}

async function checkLineOwner(
  db: Kysely<Database>,
  ownerId: number | undefined,
  context: LineContext,
  field: string,
  cache?: ReadCache,
) {
  if (ownerId === undefined || ownerId === context.ownerId) return;
  const user = await cachedRead(cache, `line-owner:${ownerId}`, () => findUserById(db, ownerId));
  if (!user?.is_active || user.firm_id !== context.ownerFirmId) {
    throw validationError([
      { field, message: 'must be an active user of the firm that owns the opportunity' },
    ]);
  }
}

/**
 * The stored form of a line (SPEC §4): amount = quantity × unit price × (1 − discount) when priced;
 * an estimated amount otherwise. A catalog list price in the deal's currency fills an omitted price.
 */
export async function buildLineValues(
  db: Kysely<Database>,
  input: LineItemCreate,
  context: LineContext,
  field: string,
  cache?: ReadCache,
): Promise<LineValues> {
  const product = await checkProduct(db, input.productId, `${field}productId`, cache);
  await checkLineOwner(db, input.ownerId, context, `${field}ownerId`, cache);
  const quantityMilli = toMilli(input.quantity ?? 1);
  const discount = toHundredths(input.discountPercent ?? 0);
  let unitPrice = input.unitPriceMinor ?? null;
  if (
    input.unitPriceMinor === undefined &&
    input.amountMinor === undefined &&
    product?.list_price_minor != null &&
    product.currency === context.currency
  ) {
    unitPrice = product.list_price_minor;
  }
  const amountMinor =
    unitPrice === null ? (input.amountMinor ?? 0) : lineAmountMinor(quantityMilli, unitPrice, discount);
  if (amountMinor === null) {
    const priceField = input.unitPriceMinor == null ? 'productId' : 'unitPriceMinor';
    throw amountOutOfBounds(
      [`${field}quantity`, `${field}${priceField}`],
      `quantity × unit price comes to more than ${maxAmountText}, the largest amount a line may hold`,
    );
  }
  return {
    product_id: input.productId ?? null,
    description: input.description ?? null,
    quantity_milli: quantityMilli,
    unit_price_minor: unitPrice,
    discount_hundredths: discount,
    amount_minor: amountMinor,
    decision_date: input.decisionDate === undefined ? context.decisionDate : input.decisionDate,
    owner_id: input.ownerId ?? context.ownerId,
    outcome: input.outcome ?? 'open',
    closed_with_opportunity: 0,
  };
}

function lineContextOf(row: OpportunityRow): LineContext {
  return {
    ownerId: row.owner_id,
    ownerFirmId: row.owner_firm_id,
    decisionDate: row.decision_date,
    currency: row.currency,
  };
}

export async function listLineItems(
  db: Kysely<Database>,
  principal: Principal,
  opportunityId: number,
): Promise<LineItem[]> {
  const row = await findVisibleOpportunity(db, principal, opportunityId);
  if (!row) throw notFound('Opportunity');
  return (await findLineItemsOfOpportunity(db, opportunityId)).map((line) => toLineItem(line, row.currency));
}

export type LineItemChangeResult = { lineItem: LineItem | null; opportunityVersion: number };

export async function addLineItem(
  db: Kysely<Database>,
  principal: Principal,
  opportunityId: number,
  input: LineItemCreate,
): Promise<LineItemChangeResult> {
  return db.transaction().execute(async (trx) => {
    const environment = await loadEnvironment(trx);
    const row = await loadOpportunityForChange({
      trx,
      principal,
      id: opportunityId,
      expectedVersion: undefined,
      action: 'line items',
      environment,
    });
    const values = await buildLineValues(trx, input, lineContextOf(row), '');
    const now = nowIso();
    const id = await insertLineItem(trx, {
      ...values,
      opportunity_id: opportunityId,
      position: await nextLinePosition(trx, opportunityId),
      created_at: now,
      updated_at: now,
    });
    const saved = await saveOpportunityState(trx, principal, environment, row, { values: {} });
    const line = await findLineItem(trx, id);
    if (!line) throw notFound('Line item');
    const lineItem = toLineItem(line, row.currency);
    await recordCreate(
      trx,
      { type: 'line-item', id, parentId: opportunityId, userId: principal.userId, at: now },
      lineItemAuditSnapshot(lineItem),
    );
    return { lineItem, opportunityVersion: saved.version };
  });
}

/**
 * "Load it, check access, check the version" for a change to a line item: 404 when the line or
 * its deal is not the caller's to see (the deal locked, PostgreSQL), 403/422 as for the deal's
 * other parts (its editors, while open), 409 when `expectedVersion` is not the line's version.
 */
async function loadLineItemForChange(options: {
  trx: Kysely<Database>;
  principal: Principal;
  id: number;
  expectedVersion: number | undefined;
}) {
  const { trx, principal, id, expectedVersion } = options;
  const line = await findLineItem(trx, id);
  const row = line ? await findVisibleOpportunityForChange(trx, principal, line.opportunity_id) : undefined;
  if (!line || !row) throw notFound('Line item');
  requireEditable(principal, row, 'line items');
  const current = toLineItem(line, row.currency);
  assertVersion(line, expectedVersion, { current: () => current });
  return { line, row, current };
}

export async function updateLineItem(
  db: Kysely<Database>,
  principal: Principal,
  lineId: number,
  expectedVersion: number | undefined,
  input: LineItemUpdate,
): Promise<LineItemChangeResult> {
  return db.transaction().execute(async (trx) => {
    const { line, row, current } = await loadLineItemForChange({
      trx,
      principal,
      id: lineId,
      expectedVersion,
    });
    const unitPrice = input.unitPriceMinor === undefined ? current.unitPriceMinor : input.unitPriceMinor;
    if (input.amountMinor !== undefined && unitPrice !== null) {
      throw validationError([
        {
          field: 'amountMinor',
          message: 'is computed from quantity, unit price and discount; clear the unit price to estimate',
        },
      ]);
    }
    const merged: LineItemCreate = {
      productId: input.productId === undefined ? current.productId : input.productId,
      description: input.description === undefined ? current.description : input.description,
      quantity: input.quantity ?? current.quantity,
      unitPriceMinor: unitPrice,
      discountPercent: input.discountPercent ?? current.discountPercent,
      ...(unitPrice === null && { amountMinor: input.amountMinor ?? current.amountMinor }),
      decisionDate: input.decisionDate === undefined ? current.decisionDate : input.decisionDate,
      ownerId: input.ownerId ?? current.ownerId ?? row.owner_id,
      outcome: input.outcome ?? current.outcome,
    };
    if (merged.productId == null && !merged.description) {
      throw validationError([{ field: 'description', message: 'is needed when no product is chosen' }]);
    }
    const values = await buildLineValues(trx, merged, lineContextOf(row), '');
    const environment = await loadEnvironment(trx);
    const now = nowIso();
    const updated = await updateLineItemRow(trx, lineId, line.version, { ...values, updated_at: now });
    if (!updated) throw versionConflict({ currentVersion: line.version, current });
    const saved = await saveOpportunityState(trx, principal, environment, row, { values: {} });
    const after = await findLineItem(trx, lineId);
    if (!after) throw notFound('Line item');
    const lineItem = toLineItem(after, row.currency);
    await recordUpdate(
      trx,
      { type: 'line-item', id: lineId, parentId: row.id, userId: principal.userId, at: now },
      lineItemAuditSnapshot(current),
      lineItemAuditSnapshot(lineItem),
      auditedLineItemFields,
    );
    return { lineItem, opportunityVersion: saved.version };
  });
}

export async function deleteLineItem(
  db: Kysely<Database>,
  principal: Principal,
  lineId: number,
  expectedVersion: number | undefined,
): Promise<LineItemChangeResult> {
  return db.transaction().execute(async (trx) => {
    const { row, current } = await loadLineItemForChange({
      trx,
      principal,
      id: lineId,
      expectedVersion,
    });
    const environment = await loadEnvironment(trx);
    await deleteLineItemRow(trx, lineId);
    const saved = await saveOpportunityState(trx, principal, environment, row, { values: {} });
    await recordDelete(
      trx,
      { type: 'line-item', id: lineId, parentId: row.id, userId: principal.userId, at: nowIso() },
      lineItemAuditSnapshot(current),
    );
    return { lineItem: null, opportunityVersion: saved.version };
  });
}

export async function getLineItem(
  db: Kysely<Database>,
  principal: Principal,
  lineId: number,
): Promise<LineItem> {
  const line = await findLineItem(db, lineId);
  const row = line ? await findVisibleOpportunity(db, principal, line.opportunity_id) : undefined;
  if (!line || !row) throw notFound('Line item');
  return toLineItem(line, row.currency);
}
