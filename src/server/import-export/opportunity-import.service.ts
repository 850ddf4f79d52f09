import type { LineItemCreate } from '../../core/contract/line-items.ts';
import { opportunityCreateSchema } from '../../core/contract/opportunities.ts';
import type { FieldError } from '../../core/errors.ts';
import { defaultStageMap, resolveStageValue } from '../../core/import-fields.ts';
import { productLabel as catalogLabel } from '../../core/line-pricing.ts';
import { type ClosingInput, findStage, openStages, type StageDefinition } from '../../core/stages.ts';
import { createClientInTransaction } from '../clients/client.service.ts';
import { nowIso } from '../clock.ts';
import { loadCloseReasons } from '../close-reasons/close-reason.repository.ts';
import { createContactInTransaction } from '../contacts/contact.service.ts';
import { findCurrencyExponents } from '../currencies/currency.repository.ts';
import { cachedRead } from '../db/read-cache.ts';
import { getDefaultsOf } from '../defaults/defaults.service.ts';
import {
  type BulkOpportunity,
  checkClosingOfCreation,
  createOpportunitiesInBulk,
} from '../opportunities/opportunity-bulk.service.ts';
import { planOpportunityCreation } from '../opportunities/opportunity-create.service.ts';
import { loadEnvironment } from '../opportunities/opportunity-state.ts';
import { closingWithReason } from '../opportunities/stage-move.service.ts';
import {
  type CellValue,
  isCellError,
  readDate,
  readDecimal,
  readFlag,
  readMoment,
  readMoney,
  readPercent,
  readWholeNumber,
} from './cell-values.ts';
import type { CsvRow } from './csv-file.ts';
import {
  findFirmUserKeys,
  findProductKeys,
  findVisibleClientKeys,
  findVisibleContactKeys,
  type ProductKeyRow,
} from './import-references.repository.ts';
import { fieldErrorsOf, type ImportRun, issuesAsFieldErrors, RowReader } from './import-run.ts';
import { ReferenceIndex } from './reference-index.ts';

/**
 * Placeholders (with `placeholders`) for what the source data lacks but our rules need; they are
 * labelled so nobody mistakes them for real data (see docs/import.md).
 */
export const placeholderClientName = '(no account in source)';
export const placeholderContactName = '(no contact in source)';
export const placeholderCompetitor = 'Unknown (not in the source data)';
export const placeholderReason = 'Not given in the source data';
export function placeholderNote(outcome: string): string {
  return `Imported as ${outcome} from the source data`;
}

/** Rows of the file that make one opportunity: one row, or every row sharing an external id. */
type DealRows = { first: CsvRow; rows: CsvRow[] };

type LocatedError = { row: number; field: string; message: string };

/** Does entering `stage` need a primary BPContact, through its own gate or an earlier one (SPEC §3)? */
function needsPrimaryContact(catalog: readonly StageDefinition[], stage: StageDefinition): boolean {
  return openStages(catalog).some(
    (gate) => gate.order <= stage.order && gate.requirements.includes('primary-contact'),
  );
}

function productLabel(product: ProductKeyRow): string {
  return `${product.brand} ${product.family} ${product.offering}`;
}

/**
 * Opportunities with their line items (SPEC §8). Every row is checked first with the API's own
 * schema and domain rules (`planOpportunityCreation`: visibility, owner, gates, prices, roll-ups,
 * conversion; a closed deal's closing as `POST …/stage` checks it); only a file without a single
 * error is written, in batches, by `createOpportunitiesInBulk`.
 */
export async function importOpportunities(run: ImportRun): Promise<void> {
  const { trx, principal, table, mapping, options, findings, cache } = run;
  const reader = new RowReader(table, mapping);
  const environment = await loadEnvironment(trx);
  const { catalog } = environment;
  const closeReasons = await loadCloseReasons(trx);
  const exponents = await findCurrencyExponents(trx);
  const defaults = await cachedRead(cache, `defaults:${principal.userId}`, () =>
    getDefaultsOf(trx, principal.userId),
  );
  const defaultCurrency = defaults?.currency ?? environment.reporting.code;
  const defaultStage = findStage(catalog, defaults?.stage ?? 'identify');
  const stageMap = options.stageMap ?? defaultStageMap(reader.columnOf('stage') ?? undefined);
  const amountPricesLines = !reader.has('unitPrice') && !reader.has('lineAmount');
  const amountField = reader.has('amountMinor') ? 'amountMinor' : 'amount';

  const clients = new ReferenceIndex<number>('client', 'client number', (id) => `id ${id}`);
  const clientNames = new Map<number, string>();
  for (const client of await findVisibleClientKeys(trx, principal)) {
    clients.addKey(client.client_number, client.id);
    clients.addName(client.name, client.id);
    clientNames.set(client.id, client.name);
  }
  const users = new ReferenceIndex<number>('user', 'email', (id) => `user ${id}`, 'of your firm');
  for (const user of await findFirmUserKeys(trx, principal.firmId)) {
    users.addKey(user.email, user.id);
    users.addName(user.name, user.id);
  }
  const products = new ReferenceIndex<ProductKeyRow>(
    'product',
    'part number',
    (product) => productLabel(product),
    'in the catalog',
  );
  for (const product of await findProductKeys(trx)) {
    products.addKey(product.part_number, product);
    products.addName(product.offering, product);
    products.addName(productLabel(product), product);
    // The name the app shows and exports (brand and family not repeated), so an export reads back.
    products.addName(catalogLabel(product), product);
  }

  const deals: DealRows[] = [];
  const dealByKey = new Map<string, DealRows>();
  for (const row of table.rows) {
    const key = reader.cell(row, 'externalId');
    const existing = key === undefined ? undefined : dealByKey.get(key);
    if (existing) {
      existing.rows.push(row);
      continue;
    }
    const deal = { first: row, rows: [row] };
    deals.push(deal);
    if (key !== undefined) dealByKey.set(key, deal);
  }

  // Clients first: a placeholder client must exist before the rows that use it are checked.
  const clientOfDeal = new Map<DealRows, number>();
  const withoutClient: DealRows[] = [];
  for (const deal of deals) {
    const reference = reader.cell(deal.first, 'client');
    if (reference === undefined) {
      if (options.placeholders) withoutClient.push(deal);
      else findings.addError(deal.first.row, 'client', 'is required');
      continue;
    }
    const match = clients.find(reference);
    if ('error' in match) findings.addError(deal.first.row, 'client', match.error);
    else clientOfDeal.set(deal, match.found);
  }
  if (withoutClient.length > 0) {
    const match = clients.find(placeholderClientName);
    let clientId: number;
    if ('found' in match) clientId = match.found;
    else {
      const client = await createClientInTransaction(trx, principal, {
        name: placeholderClientName,
        description: 'Created by an import for deals whose source names no client',
      });
      clientId = client.id;
      clientNames.set(client.id, client.name);
      findings.created.clients += 1;
      findings.placeholdersCreated.clients += 1;
    }
    for (const deal of withoutClient) {
      clientOfDeal.set(deal, clientId);
      findings.warn(
        'client',
        `no client in the source: imported against the client "${placeholderClientName}"`,
      );
    }
  }

  const contactsByClient = new Map<number, ReferenceIndex<number>>();
  for (const contact of await findVisibleContactKeys(trx, principal, [...new Set(clientOfDeal.values())])) {
    let index = contactsByClient.get(contact.client_id);
    if (!index) {
      index = new ReferenceIndex<number>(
        'BPContact',
        'email',
        (id) => `contact ${id}`,
        'of the client that you can see',
      );
      contactsByClient.set(contact.client_id, index);
    }
    index.addKey(contact.email, contact.id);
    index.addName([contact.first_name, contact.last_name].filter(Boolean).join(' '), contact.id);
    if (contact.first_name) index.addName(`${contact.last_name} ${contact.first_name}`, contact.id);
  }
  const placeholderContacts = new Map<number, number>();
  async function placeholderContactOf(clientId: number): Promise<number> {
    const known = placeholderContacts.get(clientId);
    if (known !== undefined) return known;
    const match = contactsByClient.get(clientId)?.find(placeholderContactName);
    let contactId: number;
    if (match && 'found' in match) contactId = match.found;
    else {
      const contact = await createContactInTransaction(trx, principal, {
        clientId,
        lastName: placeholderContactName,
        notes: 'Created by an import for deals whose source names no BPContact',
      });
      contactId = contact.id;
      findings.created.contacts += 1;
      findings.placeholdersCreated.contacts += 1;
    }
    placeholderContacts.set(clientId, contactId);
    return contactId;
  }

  async function checkDeal(deal: DealRows): Promise<BulkOpportunity | LocatedError[]> {
    const errors: LocatedError[] = [];
    const { first } = deal;
    const fail = (row: CsvRow, field: string, message: string) =>
      errors.push({ row: row.row, field, message });
    function read<T>(row: CsvRow, field: string, parse: (text: string) => CellValue<T>): T | undefined {
      const text = reader.cell(row, field);
      if (text === undefined) return undefined;
      const parsed = parse(text);
      if (isCellError(parsed)) {
        fail(row, field, parsed.error);
        return undefined;
      }
      return parsed.value;
    }

    const input: Record<string, unknown> = {};
    for (const field of ['name', 'description', 'leadSource', 'nextStep'] as const) {
      const value = reader.cell(first, field);
      if (value !== undefined) input[field] = value;
    }
    const origin = reader.cell(first, 'origin');
    if (origin !== undefined) input.origin = origin.toLowerCase();
    const clientId = clientOfDeal.get(deal);
    if (clientId !== undefined) input.clientId = clientId;

    const currencyCell = reader.cell(first, 'currency');
    const currency = (currencyCell ?? defaultCurrency).toUpperCase();
    if (currencyCell !== undefined) input.currency = currency;
    const exponent = exponents.get(currency);
    if (exponent === undefined) fail(first, 'currency', `${currency} is not an ISO 4217 currency`);
    const money = (text: string) => readMoney(text, currency, exponent ?? 2);

    const ownerCell = reader.cell(first, 'owner');
    if (ownerCell !== undefined) {
      const match = users.find(ownerCell);
      if ('found' in match) input.ownerId = match.found;
      else if (!match.ambiguous && options.unmatchedOwners === 'importer') {
        findings.warn('owner', `"${ownerCell}" is not a user of your firm; those deals are yours`);
      } else fail(first, 'owner', match.error);
    }

    // Stage: an open stage, or a closing reached from an open stage (SPEC §3: completion needs 06 Won).
    let closing: StageDefinition | null = null;
    let createStage: StageDefinition | undefined;
    const stageCell = reader.cell(first, 'stage');
    if (stageCell !== undefined) {
      const target = resolveStageValue(catalog, stageCell, stageMap);
      if ('error' in target) fail(first, 'stage', target.error);
      else if (target.stage.closing) {
        closing = target.stage;
        createStage =
          target.openStage ??
          (closing.outcome === 'won' ? findStage(catalog, 'won') : openStages(catalog)[0]) ??
          undefined;
      } else createStage = target.stage;
    }
    const openStageCell = reader.cell(first, 'openStage');
    if (openStageCell !== undefined) {
      const open = resolveStageValue(catalog, openStageCell, {});
      if ('error' in open || open.stage.closing) {
        fail(first, 'openStage', `"${openStageCell}" is not an open stage`);
      } else if (closing) createStage = open.stage;
      else findings.warn('openStage', 'only closed deals use the stage before closing; left out');
    }
    if (createStage) input.stage = createStage.code;

    let startedAt = read(first, 'createdDate', readMoment);
    const decisionDate = read(first, 'decisionDate', readDate);
    let closedAt = read(first, 'closedDate', readMoment);
    if (closedAt !== undefined && !closing) {
      findings.warn('closedDate', 'only closed deals have a closed date; left out');
      closedAt = undefined;
    }
    if (closedAt !== undefined && startedAt !== undefined && closedAt < startedAt) {
      fail(first, 'closedDate', 'is before the created date');
    }
    if (closedAt !== undefined) startedAt ??= closedAt;
    if (decisionDate !== undefined) input.decisionDate = decisionDate;
    else if (closedAt !== undefined) input.decisionDate = closedAt.slice(0, 10);

    const probability = read(first, 'probability', readPercent);
    if (probability !== undefined) input.probability = probability;
    const partnerPrivate = read(first, 'partnerPrivate', readFlag);
    if (partnerPrivate !== undefined) input.partnerPrivate = partnerPrivate;

    const closingInput: ClosingInput = {};
    const competitor = reader.cell(first, 'competitor');
    if (closing) {
      if (competitor !== undefined) closingInput.competitor = competitor;
      const reason = reader.cell(first, 'closeReason');
      if (reason !== undefined) closingInput.reason = reason;
      const reasonNote = reader.cell(first, 'closeReasonNote');
      if (reasonNote !== undefined) closingInput.reasonNote = reasonNote;
      const note = reader.cell(first, 'closeNote');
      if (note !== undefined) closingInput.note = note;
    } else {
      if (competitor !== undefined) input.competitor = competitor;
      if (
        reader.cell(first, 'closeReason') !== undefined ||
        reader.cell(first, 'closeReasonNote') !== undefined ||
        reader.cell(first, 'closeNote') !== undefined
      ) {
        findings.warn('closeNote', 'only closed deals have a close reason and note; left out');
      }
    }

    // An exact amountMinor wins over a decimal amount when a file has both (as exports do).
    const readAmount = (row: CsvRow): number | undefined => {
      if (reader.cell(row, 'amountMinor') !== undefined) {
        return read(row, 'amountMinor', (text) => readWholeNumber(text, 0, 1e15));
      }
      return exponent === undefined ? undefined : read(row, 'amount', money);
    };
    const amount = readAmount(first);

    const lines: LineItemCreate[] = [];
    const lineRows: CsvRow[] = [];
    const offerings: string[] = [];
    for (const row of deal.rows) {
      const productCell = reader.cell(row, 'product');
      const description = reader.cell(row, 'lineDescription');
      if (productCell === undefined && description === undefined) continue;
      const line: LineItemCreate = {};
      if (productCell !== undefined) {
        const match = products.find(productCell);
        if ('error' in match) {
          fail(row, 'product', match.error);
          continue;
        } else {
          line.productId = match.found.id;
          offerings.push(match.found.offering);
        }
      }
      if (description !== undefined) {
        line.description = description;
        offerings.push(description);
      }
      const quantity = read(row, 'quantity', (text) => readDecimal(text, 3, 0.001, 1_000_000_000));
      if (quantity !== undefined) line.quantity = quantity;
      const discount = read(row, 'discountPercent', (text) => readDecimal(text.replace(/%$/, ''), 2, 0, 100));
      if (discount !== undefined) line.discountPercent = discount;
      if (exponent !== undefined) {
        const unitPrice = read(row, 'unitPrice', money);
        const lineAmount = read(row, 'lineAmount', money);
        if (unitPrice !== undefined) line.unitPriceMinor = unitPrice;
        else if (lineAmount !== undefined) line.amountMinor = lineAmount;
        const rowAmount = row === first ? amount : amountPricesLines ? readAmount(row) : undefined;
        if (amountPricesLines && rowAmount !== undefined) {
          if (quantity !== undefined && quantity !== 1) {
            fail(row, amountField, 'prices a line of quantity 1 only; map a unit price column instead');
          } else line.unitPriceMinor = rowAmount;
        }
      }
      lines.push(line);
      lineRows.push(row);
    }
    // The file's lines are the deal's lines: the default product of the importer's defaults is not added.
    input.lineItems = lines;
    if (lines.length === 0 && amount !== undefined) input.amountMinor = amount;

    if (input.name === undefined) {
      const client =
        (clientId === undefined ? undefined : clientNames.get(clientId)) ??
        reader.cell(first, 'client') ??
        placeholderClientName;
      const externalId = reader.cell(first, 'externalId');
      input.name = `${client} – ${offerings[0] ?? 'deal'}${externalId ? ` (${externalId})` : ''}`.slice(
        0,
        200,
      );
    }

    const contactCell = reader.cell(first, 'primaryContact');
    if (contactCell !== undefined && clientId !== undefined) {
      const match = contactsByClient.get(clientId)?.find(contactCell) ?? {
        error: `the client has no BPContact you can see with the email or name "${contactCell}"`,
        ambiguous: false,
      };
      if ('found' in match) input.primaryContactId = match.found;
      else fail(first, 'primaryContact', match.error);
    }
    const gateStage = createStage ?? defaultStage;
    if (
      contactCell === undefined &&
      options.placeholders &&
      clientId !== undefined &&
      gateStage &&
      needsPrimaryContact(catalog, gateStage)
    ) {
      input.primaryContactId = await placeholderContactOf(clientId);
      findings.warn(
        'primaryContact',
        `no BPContact in the source for a deal in ${gateStage.label}: linked the client’s BPContact "${placeholderContactName}"`,
      );
    }
    if (closing && options.placeholders) {
      const outcome = closing.outcome === 'won' ? 'won' : 'lost';
      if (closing.closingRequirements.includes('competitor') && !closingInput.competitor) {
        closingInput.competitor = placeholderCompetitor;
        findings.warn('competitor', `no competitor in the source: "${placeholderCompetitor}"`);
      }
      if (closing.closingRequirements.includes('reason') && !closingInput.reason) {
        closingInput.reason = placeholderReason;
        findings.warn('closeReason', `no close reason in the source: "${placeholderReason}"`);
      }
      if (closing.closingRequirements.includes('note') && !closingInput.note) {
        closingInput.note = placeholderNote(outcome);
        findings.warn('closeNote', `no close note in the source: "${placeholderNote(outcome)}"`);
      }
    }

    const locate = (apiField: string): { row: number; field: string } => {
      const line = /^lineItems\.(\d+)\.(\w+)$/.exec(apiField);
      if (line) {
        const row = lineRows[Number(line[1])] ?? first;
        const lineFields: Record<string, string> = {
          productId: 'product',
          description: 'lineDescription',
          quantity: 'quantity',
          unitPriceMinor: amountPricesLines ? amountField : 'unitPrice',
          discountPercent: 'discountPercent',
          amountMinor: 'lineAmount',
          decisionDate: 'decisionDate',
          ownerId: 'owner',
        };
        return { row: row.row, field: lineFields[line[2] ?? ''] ?? apiField };
      }
      const fields: Record<string, string> = {
        clientId: 'client',
        reason: 'closeReason',
        reasonId: 'closeReason',
        reasonNote: 'closeReasonNote',
        contactId: 'primaryContact',
        primaryContactId: 'primaryContact',
        ownerId: 'owner',
        amountMinor: amountField,
        // The total of the lines (past the largest amount) comes from the column that prices them.
        lineItems: reader.has('unitPrice')
          ? 'unitPrice'
          : reader.has('lineAmount')
            ? 'lineAmount'
            : amountField,
      };
      const base = apiField.split('.')[0] ?? apiField;
      if (base === 'contacts') return { row: first.row, field: 'primaryContact' };
      // The file has no team, distributor or reseller columns: those come from the user's defaults.
      if (base === 'team' || base === 'distributorFirmId' || base === 'resellerFirmId') {
        return { row: first.row, field: `${base} (from your opportunity defaults)` };
      }
      return { row: first.row, field: fields[apiField] ?? apiField };
    };
    const located = (list: readonly FieldError[]) =>
      list.map((error) => ({ ...locate(error.field), message: error.message }));

    const parsed = opportunityCreateSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of located(issuesAsFieldErrors(parsed.error.issues, (field) => field))) {
        if (!errors.some((known) => known.row === issue.row && known.field === issue.field))
          errors.push(issue);
      }
    }
    if (errors.length > 0 || !parsed.success || clientId === undefined) return errors;
    try {
      const creation = await planOpportunityCreation(trx, principal, environment, parsed.data, {
        cache,
        ...(startedAt !== undefined && { startedAt }),
      });
      if (!closing) return { creation };
      // A close reason that is a label of the stage's list is that reason; other text is "Other" with it as the note.
      const withReason = closingWithReason(closeReasons, catalog, closing, closingInput);
      checkClosingOfCreation(catalog, creation, closing, withReason);
      return { creation, closing: { target: closing, input: withReason, closedAt: closedAt ?? nowIso() } };
    } catch (error) {
      return located(fieldErrorsOf(error, (field) => field));
    }
  }

  const items: BulkOpportunity[] = [];
  const rowsWritten: number[] = [0];
  let checked = 0;
  for (const deal of deals) {
    const outcome = await checkDeal(deal);
    if (Array.isArray(outcome)) {
      for (const error of outcome) findings.addError(error.row, error.field, error.message);
    } else {
      items.push(outcome);
      rowsWritten.push((rowsWritten.at(-1) ?? 0) + deal.rows.length);
    }
    checked += deal.rows.length;
    await run.progress('checking', checked);
  }
  if (findings.hasErrors()) return;
  const result = await createOpportunitiesInBulk(trx, principal, environment, items, {
    cache,
    onProgress: (written) => run.progress('writing', rowsWritten[written] ?? checked),
  });
  findings.created.opportunities += result.opportunities;
  findings.created.lineItems += result.lineItems;
}
