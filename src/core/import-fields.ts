import { defaultDecisionDays } from './defaults.ts';
import type { FieldError } from './errors.ts';
import type { StageDefinition } from './stages.ts';

/**
 * SPEC §8 import: the fields a CSV column can map to, per record type, and how headers map to them
 * on their own. Pure data and rules, shared by the server and the web import screen.
 */
export const importTypes = ['clients', 'contacts', 'opportunities', 'products'] as const;
export type ImportType = (typeof importTypes)[number];

export type ImportField = {
  field: string;
  label: string;
  description: string;
  required: boolean;
  /**
   * Headers that map to this field when the caller gives no mapping, in order of preference. They
   * are compared without case, spaces or punctuation, so `Sales agent`, `sales_agent` and
   * `SalesAgent` are one header.
   */
  aliases: readonly string[];
};

function field(
  name: string,
  label: string,
  description: string,
  aliases: readonly string[],
  required = false,
): ImportField {
  return { field: name, label, description, required, aliases: [name, ...aliases] };
}

const clientFields: readonly ImportField[] = [
  field(
    'name',
    'Name',
    'The client’s name',
    ['clientName', 'client', 'account', 'accountName', 'company', 'companyName', 'organization'],
    true,
  ),
  field(
    'clientNumber',
    'Client number',
    'Unique among the clients you can see; generated (CL-000123) when empty',
    ['number', 'accountNumber', 'customerNumber'],
  ),
  field('industry', 'Industry', 'Free text', ['sector']),
  field('addressLine1', 'Address line 1', '', ['address', 'street', 'streetAddress']),
  field('addressLine2', 'Address line 2', '', []),
  field('city', 'City', '', ['town']),
  field('region', 'Region', 'State, province or region', ['state', 'province']),
  field('postalCode', 'Postal code', '', ['zip', 'zipCode', 'postcode']),
  field('country', 'Country', 'Free text', ['officeLocation', 'headquarters', 'hq']),
  field('website', 'Website', 'A web address; the scheme may be left out', ['web', 'url', 'site']),
  field('phone', 'Phone', '', ['telephone', 'phoneNumber']),
  field('employees', 'Employees', 'A whole number', ['numberOfEmployees', 'employeeCount', 'headcount']),
  field('description', 'Description', '', ['notes']),
  field(
    'parent',
    'Parent client',
    'Client number or name of the parent (enterprise) client: a row of the same file or a client you can see',
    [
      'parentClient',
      'parentClientNumber',
      'parentClientName',
      'parentAccount',
      'parentCompany',
      'subsidiaryOf',
    ],
  ),
];

const contactFields: readonly ImportField[] = [
  field(
    'client',
    'Client',
    'Client number or name of a client you can see',
    ['clientNumber', 'clientName', 'account', 'accountName', 'company', 'companyName', 'organization'],
    true,
  ),
  field('firstName', 'First name', '', ['givenName', 'forename']),
  field('lastName', 'Last name', 'Needed, unless a full name is mapped', ['surname', 'familyName']),
  field('fullName', 'Full name', 'Split at the last space when no first and last name are mapped', [
    'name',
    'contactName',
    'contact',
  ]),
  field('title', 'Title', 'Job title', ['jobTitle', 'position']),
  field('department', 'Department', '', ['dept']),
  field('email', 'Email', '', ['emailAddress', 'mail']),
  field('phone', 'Phone', '', ['workPhone', 'businessPhone', 'telephone', 'phoneNumber']),
  field('mobile', 'Mobile', '', ['mobilePhone', 'cell', 'cellPhone']),
  field('notes', 'Notes', '', ['note', 'comments']),
];

const opportunityFields: readonly ImportField[] = [
  field(
    'externalId',
    'External id',
    'The deal’s id in the source; rows sharing one form one opportunity with several line items',
    ['opportunityId', 'number', 'opportunityNumber', 'dealId', 'id'],
  ),
  field('name', 'Name', 'Built from the client, product and external id when empty', [
    'opportunityName',
    'opportunity',
    'dealName',
    'deal',
  ]),
  field('description', 'Description', '', []),
  field(
    'client',
    'Client',
    'Client number or name of a client you can see',
    ['clientNumber', 'clientName', 'account', 'accountName', 'company', 'customer'],
    true,
  ),
  field('primaryContact', 'Primary BPContact', 'Email or name of a BPContact of the client', [
    'primaryContactEmail',
    'primaryContactName',
    'contact',
    'contactEmail',
    'contactName',
    'bpContact',
  ]),
  field('owner', 'Owner', 'Email or name of a user of your firm; you when empty', [
    'ownerEmail',
    'ownerName',
    'salesAgent',
    'agent',
    'salesRep',
    'seller',
    'assignedTo',
  ]),
  field('stage', 'Stage', 'A stage code or label (01 Identify when empty)', ['salesStage', 'dealStage']),
  field(
    'openStage',
    'Stage before closing',
    'For a closed deal: the open stage it was in when it closed (06 Won for won deals, 01 Identify for lost ones when empty)',
    ['stageBeforeClosing', 'lastOpenStage'],
  ),
  field('createdDate', 'Created date', 'When the deal started (YYYY-MM-DD); now when empty', [
    'createdAt',
    'created',
    'engageDate',
    'startDate',
    'openedDate',
  ]),
  field(
    'decisionDate',
    'Decision date',
    `YYYY-MM-DD; ${defaultDecisionDays} days after the created date when empty`,
    ['expectedCloseDate'],
  ),
  field(
    'closedDate',
    'Closed date',
    'For a closed deal: when it closed (YYYY-MM-DD); also its decision date',
    ['closedAt', 'closeDate', 'dateClosed'],
  ),
  field('currency', 'Currency', 'ISO 4217 code; your default currency when empty', ['currencyCode']),
  field(
    'amount',
    'Amount',
    'A decimal amount in the currency. With a line item on the row and no unit price or line amount column, the line’s unit price; otherwise the estimate of a deal without line items',
    ['closeValue', 'value', 'dealValue', 'dealAmount', 'total'],
  ),
  field('amountMinor', 'Amount (minor units)', 'The amount as a whole number of cents', []),
  field('probability', 'Probability', 'A whole percent; the stage’s when empty', [
    'probabilityPercent',
    'winProbability',
  ]),
  field('origin', 'Origin', 'partner or co-marketing (passed for the vendor)', []),
  field('partnerPrivate', 'Partner-private', 'true or false', ['private']),
  field('leadSource', 'Lead source', '', ['source']),
  field('competitor', 'Competitor', '', []),
  field(
    'closeReason',
    'Close reason',
    'A close reason of the closing stage (by label); any other text is recorded as Other with the text as its note',
    ['reason', 'lossReason', 'winReason'],
  ),
  field('closeReasonNote', 'Close reason note', 'What Other stands for', ['reasonNote', 'otherReason']),
  field('closeNote', 'Close note', '', ['note']),
  field('nextStep', 'Next step', '', []),
  field('product', 'Product', 'Part number, offering or label of a catalog product (a line item)', [
    'productName',
    'offering',
    'partNumber',
    'sku',
    'productLabel',
  ]),
  field('lineDescription', 'Line description', 'A line item without a product', [
    'lineItemDescription',
    'itemDescription',
  ]),
  field('quantity', 'Quantity', 'Up to three decimals; 1 when empty', ['qty', 'units']),
  field('unitPrice', 'Unit price', 'Decimal; the catalog list price when empty', ['price']),
  field('discountPercent', 'Discount %', 'Up to two decimals', ['discount']),
  field('lineAmount', 'Line amount', 'The amount of a line without a unit price (an estimate)', []),
];

const productFields: readonly ImportField[] = [
  field('type', 'Type', 'hardware, software, services or financing; hardware when empty', ['productType']),
  field('brand', 'Brand', 'The family when empty', ['manufacturer']),
  field('family', 'Family', '', ['productFamily', 'series', 'productSeries'], true),
  field('offering', 'Offering', 'The product’s name', ['product', 'productName', 'name'], true),
  field('partNumber', 'Part number', 'Unique when given', ['sku', 'productCode', 'partNo']),
  field('listPrice', 'List price', 'A decimal amount in the currency', [
    'salesPrice',
    'price',
    'unitPrice',
    'msrp',
  ]),
  field('currency', 'Currency', 'Of the list price; the reporting currency when empty', ['currencyCode']),
  field('isActive', 'Active', 'true or false; true when empty', ['active']),
];

export const importFields: Record<ImportType, readonly ImportField[]> = {
  clients: clientFields,
  contacts: contactFields,
  opportunities: opportunityFields,
  products: productFields,
};

/** Compares headers, names and codes without case, accents, spaces or punctuation ("GTX Pro" = "GTXPro"). */
export function normalizeKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** header → field: which column feeds which field. */
export type ImportMapping = Record<string, string>;

export type MappingResolution = {
  mapping: ImportMapping;
  /** Columns that feed no field. */
  ignored: string[];
  errors: FieldError[];
};

/**
 * The mapping used for a file: the caller's entries (header → field, or null to leave a column
 * out) win; every other column maps by its header when it matches a field's name or alias. When
 * two columns could feed one field, the one matching the earlier alias wins.
 */
export function resolveImportMapping(
  type: ImportType,
  headers: readonly string[],
  given: Readonly<Record<string, string | null>> = {},
): MappingResolution {
  const fields = importFields[type];
  const fieldNames = new Set(fields.map((each) => each.field));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const header of headers) {
    if (seen.has(header)) errors.push({ field: 'file', message: `the column "${header}" appears twice` });
    seen.add(header);
  }
  const mapping: ImportMapping = {};
  const claimed = new Set<string>();
  const decided = new Set<string>();
  for (const [key, target] of Object.entries(given)) {
    const header =
      headers.find((candidate) => candidate === key) ??
      headers.find((candidate) => normalizeKey(candidate) === normalizeKey(key));
    if (header === undefined) {
      errors.push({
        field: `mapping.${key}`,
        message: `is not a column of the file; its columns are ${headers.map((each) => `"${each}"`).join(', ')}`,
      });
      continue;
    }
    decided.add(header);
    if (target === null || target === '') continue;
    if (!fieldNames.has(target)) {
      errors.push({
        field: `mapping.${key}`,
        message: `"${target}" is not a field of ${type}; one of ${[...fieldNames].join(', ')}`,
      });
      continue;
    }
    if (claimed.has(target)) {
      errors.push({ field: `mapping.${key}`, message: `another column already maps to ${target}` });
      continue;
    }
    mapping[header] = target;
    claimed.add(target);
  }
  for (const definition of fields) {
    if (claimed.has(definition.field)) continue;
    const aliases = definition.aliases.map(normalizeKey);
    let best: { header: string; rank: number } | undefined;
    for (const header of headers) {
      if (decided.has(header) || mapping[header] !== undefined) continue;
      const rank = aliases.indexOf(normalizeKey(header));
      if (rank >= 0 && (best === undefined || rank < best.rank)) best = { header, rank };
    }
    if (best) {
      mapping[best.header] = definition.field;
      claimed.add(definition.field);
    }
  }
  for (const definition of fields) {
    if (definition.required && !claimed.has(definition.field)) {
      errors.push({
        field: 'mapping',
        message: `no column maps to ${definition.field}, which ${type} need; map one, e.g. mapping={"Your header":"${definition.field}"}`,
      });
    }
  }
  if (type === 'contacts' && !claimed.has('lastName') && !claimed.has('fullName')) {
    errors.push({
      field: 'mapping',
      message: 'no column maps to lastName or fullName; contacts need a name',
    });
  }
  const ordered: ImportMapping = {};
  for (const header of headers) {
    const target = mapping[header];
    if (target !== undefined) ordered[header] = target;
  }
  return { mapping: ordered, ignored: headers.filter((header) => ordered[header] === undefined), errors };
}

/**
 * The public CRM data set's four deal stages (fixtures/crm-sales-opportunities, column `deal_stage`),
 * our choice: a prospect is identified, an engaged deal is being validated, a won deal went through
 * 06 Won to Completed, and a lost deal was lost while being validated. See docs/import.md.
 */
export const datasetStageMap: Readonly<Record<string, string>> = {
  Prospecting: 'identify',
  Engaging: 'validate',
  Won: 'won>completed',
  Lost: 'validate>lost',
};

/** The stage map a file gets when the caller gives none: the data set's, for its `deal_stage` column. */
export function defaultStageMap(stageHeader: string | undefined): Readonly<Record<string, string>> {
  return stageHeader !== undefined && normalizeKey(stageHeader) === 'dealstage' ? datasetStageMap : {};
}

/** Where a row's stage value leads: an open stage, or a closing reached from an open stage. */
export type StageTarget = { stage: StageDefinition; openStage: StageDefinition | null };

function findStageByWord(catalog: readonly StageDefinition[], word: string): StageDefinition | undefined {
  const key = normalizeKey(word);
  return (
    catalog.find((stage) => stage.code === word.trim().toLowerCase()) ??
    catalog.find((stage) => normalizeKey(stage.code) === key) ??
    catalog.find(
      (stage) =>
        normalizeKey(stage.label) === key || normalizeKey(stage.label.replace(/^\s*\d+\s*/, '')) === key,
    )
  );
}

/**
 * A stage value of a file: first the stage map (source value → `code`, or `open>closing` for a deal
 * closed from a given open stage), then a stage code, then a label with or without its number.
 */
export function resolveStageValue(
  catalog: readonly StageDefinition[],
  value: string,
  stageMap: Readonly<Record<string, string>>,
): StageTarget | { error: string } {
  const mapped = Object.entries(stageMap).find(([key]) => normalizeKey(key) === normalizeKey(value))?.[1];
  const [first, second] = (mapped ?? value).split('>').map((part) => part.trim());
  const codes = catalog.map((stage) => stage.code).join(', ');
  if (second !== undefined) {
    const open = findStageByWord(catalog, first ?? '');
    const closing = findStageByWord(catalog, second);
    if (!open || open.closing || !closing || !closing.closing) {
      return {
        error: `"${mapped ?? value}" must be an open stage and a closing stage, e.g. validate>lost`,
      };
    }
    return { stage: closing, openStage: open };
  }
  const stage = findStageByWord(catalog, mapped ?? value);
  if (!stage) {
    return {
      error: mapped
        ? `the stage map sends "${value}" to "${mapped}", which is not a stage`
        : `"${value}" is not a stage; use a code (${codes}) or a label, or give a stage map`,
    };
  }
  return { stage, openStage: null };
}
