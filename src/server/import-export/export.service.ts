import type { Kysely } from 'kysely';
import type { Client } from '../../core/contract/clients.ts';
import type { Contact } from '../../core/contract/contacts.ts';
import {
  type ClientExportQuery,
  type ContactExportQuery,
  clientExportColumns,
  contactExportColumns,
  type ExportType,
  lineItemExportColumns,
  type OpportunityExportQuery,
  opportunityExportColumns,
} from '../../core/contract/import-export.ts';
import type { LineItem } from '../../core/contract/line-items.ts';
import type { Opportunity } from '../../core/contract/opportunities.ts';
import { formatMinorDecimal } from '../../core/money.ts';
import type { Principal } from '../../core/principal.ts';
import { toClient } from '../clients/client.mapper.ts';
import { iterateVisibleClients } from '../clients/client.repository.ts';
import { toContact } from '../contacts/contact.mapper.ts';
import { iterateVisibleContactPages } from '../contacts/contact.repository.ts';
import { findCurrencyExponents } from '../currencies/currency.repository.ts';
import type { Database } from '../db/schema.ts';
import { validationError } from '../http/app-error.ts';
import { toLineItem } from '../line-items/line-item.mapper.ts';
import { findLineItemsOfOpportunities } from '../line-items/line-item.repository.ts';
import { toOpportunity } from '../opportunities/opportunity.mapper.ts';
import { iterateVisibleOpportunityPages } from '../opportunities/opportunity.repository.ts';
import { checkOpportunityFilter, loadEnvironment, mapContext } from '../opportunities/opportunity-state.ts';
import { type ExportCell, toCsvLines } from './cell-values.ts';

type Cell = ExportCell;

const clientCells: Record<(typeof clientExportColumns)[number], (client: Client) => Cell> = {
  id: (client) => client.id,
  clientNumber: (client) => client.clientNumber,
  name: (client) => client.name,
  industry: (client) => client.industry,
  addressLine1: (client) => client.addressLine1,
  addressLine2: (client) => client.addressLine2,
  city: (client) => client.city,
  region: (client) => client.region,
  postalCode: (client) => client.postalCode,
  country: (client) => client.country,
  website: (client) => client.website,
  phone: (client) => client.phone,
  employees: (client) => client.employees,
  description: (client) => client.description,
  parentClientId: (client) => client.parentClientId,
  parentClientName: (client) => client.parentClientName,
  ownerFirmName: (client) => client.ownerFirmName,
  isVendorRegistered: (client) => client.isVendorRegistered,
  createdAt: (client) => client.createdAt,
  updatedAt: (client) => client.updatedAt,
};

const contactCells: Record<(typeof contactExportColumns)[number], (contact: Contact) => Cell> = {
  id: (contact) => contact.id,
  clientId: (contact) => contact.clientId,
  clientName: (contact) => contact.clientName,
  firstName: (contact) => contact.firstName,
  lastName: (contact) => contact.lastName,
  fullName: (contact) => contact.fullName,
  title: (contact) => contact.title,
  department: (contact) => contact.department,
  email: (contact) => contact.email,
  phone: (contact) => contact.phone,
  mobile: (contact) => contact.mobile,
  notes: (contact) => contact.notes,
  ownerFirmName: (contact) => contact.ownerFirmName,
  createdAt: (contact) => contact.createdAt,
  updatedAt: (contact) => contact.updatedAt,
};

/** Money goes out as a decimal in the record's currency, next to the currency code and the minor units. */
type Decimal = (amountMinor: number | null, currency: string) => Cell;

const opportunityCells: Record<
  (typeof opportunityExportColumns)[number],
  (opportunity: Opportunity, decimal: Decimal) => Cell
> = {
  id: (o) => o.id,
  number: (o) => o.number,
  name: (o) => o.name,
  description: (o) => o.description,
  clientId: (o) => o.clientId,
  clientName: (o) => o.clientName,
  primaryContactId: (o) => o.primaryContactId,
  primaryContactName: (o) => o.primaryContactName,
  ownerId: (o) => o.ownerId,
  ownerName: (o) => o.ownerName,
  ownerFirmName: (o) => o.ownerFirmName,
  stage: (o) => o.stage,
  stageLabel: (o) => o.stageLabel,
  outcome: (o) => o.outcome,
  decisionDate: (o) => o.decisionDate,
  currency: (o) => o.currency,
  amount: (o, decimal) => decimal(o.amountMinor, o.currency),
  amountMinor: (o) => o.amountMinor,
  probability: (o) => o.probability,
  weightedAmount: (o, decimal) => decimal(o.weightedAmountMinor, o.currency),
  weightedAmountMinor: (o) => o.weightedAmountMinor,
  reportingCurrency: (o) => o.reportingCurrency,
  amountReporting: (o, decimal) => decimal(o.amountReportingMinor, o.reportingCurrency),
  amountReportingMinor: (o) => o.amountReportingMinor,
  weightedReporting: (o, decimal) => decimal(o.weightedReportingMinor, o.reportingCurrency),
  weightedReportingMinor: (o) => o.weightedReportingMinor,
  exchangeRate: (o) => o.exchangeRate,
  isRateFrozen: (o) => o.isRateFrozen,
  lineItemCount: (o) => o.lineItemCount,
  origin: (o) => o.origin,
  partnerPrivate: (o) => o.partnerPrivate,
  passStatus: (o) => o.passStatus,
  distributorFirmName: (o) => o.distributorFirmName,
  resellerFirmName: (o) => o.resellerFirmName,
  leadSource: (o) => o.leadSource,
  competitor: (o) => o.competitor,
  closeReason: (o) => o.closeReason,
  closeReasonNote: (o) => o.closeReasonNote,
  closeNote: (o) => o.closeNote,
  closedAt: (o) => o.closedAt,
  nextStep: (o) => o.nextStep,
  createdAt: (o) => o.createdAt,
  updatedAt: (o) => o.updatedAt,
};

const lineCells: Record<(typeof lineItemExportColumns)[number], (line: LineItem, decimal: Decimal) => Cell> =
  {
    linePosition: (line) => line.position,
    product: (line) => line.productLabel,
    partNumber: (line) => line.partNumber,
    type: (line) => line.type,
    brand: (line) => line.brand,
    family: (line) => line.family,
    offering: (line) => line.offering,
    lineDescription: (line) => line.description,
    quantity: (line) => line.quantity,
    unitPrice: (line, decimal) => decimal(line.unitPriceMinor, line.currency),
    unitPriceMinor: (line) => line.unitPriceMinor,
    discountPercent: (line) => line.discountPercent,
    lineAmount: (line, decimal) => decimal(line.amountMinor, line.currency),
    lineAmountMinor: (line) => line.amountMinor,
    lineDecisionDate: (line) => line.decisionDate,
    lineOwnerName: (line) => line.ownerName,
    lineOutcome: (line) => line.outcome,
  };

function isLineColumn(column: string): column is (typeof lineItemExportColumns)[number] {
  return (lineItemExportColumns as readonly string[]).includes(column);
}

/** Told how many records each chunk holds (the command line counts what it wrote). */
type RecordCounter = (records: number) => void;

async function* clientCsv(
  db: Kysely<Database>,
  principal: Principal,
  query: ClientExportQuery,
  counted: RecordCounter,
) {
  const { columns = [...clientExportColumns], sort, ...filter } = query;
  yield toCsvLines([columns]);
  let page: Cell[][] = [];
  for await (const row of iterateVisibleClients(db, principal, filter, sort)) {
    const client = toClient(row, principal);
    page.push(columns.map((column) => clientCells[column](client)));
    if (page.length === 1000) {
      counted(page.length);
      yield toCsvLines(page);
      page = [];
    }
  }
  if (page.length > 0) {
    counted(page.length);
    yield toCsvLines(page);
  }
}

async function* contactCsv(
  db: Kysely<Database>,
  principal: Principal,
  query: ContactExportQuery,
  counted: RecordCounter,
) {
  const { columns = [...contactExportColumns], sort, ...filter } = query;
  yield toCsvLines([columns]);
  for await (const rows of iterateVisibleContactPages(db, principal, filter, sort)) {
    counted(rows.length);
    yield toCsvLines(
      rows.map((row) => {
        const contact = toContact(row, principal);
        return columns.map((column) => contactCells[column](contact));
      }),
    );
  }
}

async function* opportunityCsv(
  db: Kysely<Database>,
  principal: Principal,
  query: OpportunityExportQuery,
  counted: RecordCounter,
) {
  const { columns: chosen, lineItems: withLines = false, sort, ...filter } = query;
  const columns = chosen ?? [...opportunityExportColumns, ...(withLines ? lineItemExportColumns : [])];
  const lineColumns = columns.filter(isLineColumn);
  if (lineColumns.length > 0 && !withLines) {
    throw validationError([
      { field: 'columns', message: `${lineColumns.join(', ')} need lineItems=true (one row per line item)` },
    ]);
  }
  const environment = await loadEnvironment(db);
  checkOpportunityFilter(filter, environment.catalog);
  const context = mapContext(principal, environment);
  const exponents = await findCurrencyExponents(db);
  const decimal: Decimal = (amountMinor, currency) =>
    amountMinor === null ? null : formatMinorDecimal(amountMinor, exponents.get(currency) ?? 2);
  const cellsOf = (opportunity: Opportunity, line: LineItem | null): Cell[] =>
    columns.map((column) => {
      if (!isLineColumn(column)) return opportunityCells[column](opportunity, decimal);
      return line ? lineCells[column](line, decimal) : null;
    });
  yield toCsvLines([columns]);
  const pages = iterateVisibleOpportunityPages(db, principal, {
    filter,
    sort,
    catalog: environment.catalog,
    now: environment.now,
  });
  for await (const rows of pages) {
    const opportunities = rows.map((row) => toOpportunity(row, context));
    counted(opportunities.length);
    if (!withLines) {
      yield toCsvLines(opportunities.map((opportunity) => cellsOf(opportunity, null)));
      continue;
    }
    const linesByOpportunity = new Map<number, LineItem[]>();
    const currencyOf = new Map(opportunities.map((opportunity) => [opportunity.id, opportunity.currency]));
    for (const line of await findLineItemsOfOpportunities(
      db,
      opportunities.map((opportunity) => opportunity.id),
    )) {
      const list = linesByOpportunity.get(line.opportunity_id) ?? [];
      list.push(toLineItem(line, currencyOf.get(line.opportunity_id) ?? ''));
      linesByOpportunity.set(line.opportunity_id, list);
    }
    yield toCsvLines(
      opportunities.flatMap((opportunity) => {
        const lines = linesByOpportunity.get(opportunity.id) ?? [];
        return lines.length === 0
          ? [cellsOf(opportunity, null)]
          : lines.map((line) => cellsOf(opportunity, line));
      }),
    );
  }
}

export type ExportRequest =
  | { type: 'clients'; query: ClientExportQuery }
  | { type: 'contacts'; query: ContactExportQuery }
  | { type: 'opportunities'; query: OpportunityExportQuery };

/**
 * SPEC §8 "CSV export of what is shown": the list's filters and sort, every record the caller may
 * see (the list's own visibility-filtered queries, a page of 1,000 at a time), the chosen columns.
 * Checks its query before it yields the header, so a bad request fails before anything is sent.
 */
export async function exportCsv(
  db: Kysely<Database>,
  principal: Principal,
  request: ExportRequest,
  counted: RecordCounter = () => {},
): Promise<AsyncGenerator<string>> {
  let generator: AsyncGenerator<string>;
  switch (request.type) {
    case 'clients':
      generator = clientCsv(db, principal, request.query, counted);
      break;
    case 'contacts':
      generator = contactCsv(db, principal, request.query, counted);
      break;
    case 'opportunities':
      generator = opportunityCsv(db, principal, request.query, counted);
      break;
  }
  const first = await generator.next();
  return (async function* () {
    if (!first.done) yield first.value;
    yield* generator;
  })();
}

export function exportFileName(type: ExportType, today: string): string {
  return `${type}-${today}.csv`;
}
