/**
 * The change log as a person reads it (SPEC §2: every change to a client, BPContact, opportunity or
 * line item is an audit entry). The stored entries keep field names and raw values (minor units,
 * ids, stage codes); this module holds the one set of rules that turns them into field labels,
 * readable values and sentences such as "added line: 2 × Storage array at $12,500.00". It is pure:
 * the caller resolves names (only those the reader may see) and formats money and dates.
 */

export const auditedEntityTypes = ['client', 'contact', 'opportunity', 'line-item', 'activity'] as const;
export type AuditedEntity = (typeof auditedEntityTypes)[number];
export type AuditActionName = 'create' | 'update' | 'delete' | 'restore';

/** Records a change log names by id; the caller resolves each to a name the reader may see. */
export type ReferenceKind = 'user' | 'client' | 'contact' | 'firm' | 'product' | 'stage';

type ValueKind =
  | { kind: 'text' }
  | { kind: 'number' }
  | { kind: 'money' }
  | { kind: 'percent' }
  | { kind: 'quantity' }
  | { kind: 'date' }
  | { kind: 'boolean' }
  | { kind: 'list' }
  | { kind: 'contact-links' }
  | { kind: 'choice'; labels: Record<string, string> }
  | { kind: 'reference'; to: ReferenceKind };

export type ChangeField = { label: string } & ValueKind;

const text = { kind: 'text' } as const;
const money = { kind: 'money' } as const;
const date = { kind: 'date' } as const;
const reference = (to: ReferenceKind) => ({ kind: 'reference', to }) as const;
const choice = (labels: Record<string, string>) => ({ kind: 'choice', labels }) as const;

/** Field labels and value kinds, per audited record type, in the order a person expects them. */
export const changeFields: Record<AuditedEntity, Record<string, ChangeField>> = {
  opportunity: {
    name: { label: 'Name', ...text },
    description: { label: 'Description', ...text },
    clientId: { label: 'Client', ...reference('client') },
    primaryContactId: { label: 'Primary BPContact', ...reference('contact') },
    ownerId: { label: 'Owner', ...reference('user') },
    stage: { label: 'Sales stage', ...reference('stage') },
    decisionDate: { label: 'Decision date', ...date },
    currency: { label: 'Currency', ...text },
    amountMinor: { label: 'Amount', ...money },
    probability: { label: 'Probability', kind: 'percent' },
    origin: {
      label: 'Origin',
      ...choice({ partner: 'Partner', passed: 'Passed by the vendor', 'co-marketing': 'Co-marketing' }),
    },
    partnerPrivate: { label: 'Partner-private', kind: 'boolean' },
    distributorFirmId: { label: 'Distributor', ...reference('firm') },
    resellerFirmId: { label: 'Reseller', ...reference('firm') },
    leadSource: { label: 'Lead source', ...text },
    competitor: { label: 'Competitor', ...text },
    closeReason: { label: 'Close reason', ...text },
    closeNote: { label: 'Close note', ...text },
    nextStep: { label: 'Next step', ...text },
    passStatus: {
      label: 'Pass status',
      ...choice({ pending: 'Pending', accepted: 'Accepted', declined: 'Declined' }),
    },
    team: { label: 'Sales team', kind: 'list' },
    contacts: { label: 'BPContacts', kind: 'contact-links' },
  },
  'line-item': {
    productId: { label: 'Product', ...reference('product') },
    description: { label: 'Description', ...text },
    quantity: { label: 'Quantity', kind: 'quantity' },
    unitPriceMinor: { label: 'Unit price', ...money },
    discountPercent: { label: 'Discount', kind: 'percent' },
    amountMinor: { label: 'Amount', ...money },
    decisionDate: { label: 'Decision date', ...date },
    ownerId: { label: 'Owner', ...reference('user') },
    outcome: { label: 'Outcome', ...choice({ open: 'Open', won: 'Won', lost: 'Lost' }) },
  },
  client: {
    name: { label: 'Name', ...text },
    clientNumber: { label: 'Client number', ...text },
    industry: { label: 'Industry', ...text },
    addressLine1: { label: 'Address line 1', ...text },
    addressLine2: { label: 'Address line 2', ...text },
    city: { label: 'City', ...text },
    region: { label: 'Region', ...text },
    postalCode: { label: 'Postal code', ...text },
    country: { label: 'Country', ...text },
    website: { label: 'Website', ...text },
    phone: { label: 'Phone', ...text },
    employees: { label: 'Employees', kind: 'number' },
    description: { label: 'Description', ...text },
    parentClientId: { label: 'Parent client', ...reference('client') },
  },
  contact: {
    clientId: { label: 'Client', ...reference('client') },
    firstName: { label: 'First name', ...text },
    lastName: { label: 'Last name', ...text },
    title: { label: 'Title', ...text },
    department: { label: 'Department', ...text },
    email: { label: 'Email', ...text },
    phone: { label: 'Phone', ...text },
    mobile: { label: 'Mobile', ...text },
    notes: { label: 'Notes', ...text },
  },
  activity: {
    kind: { label: 'Kind', ...choice({ task: 'Task', call: 'Call', meeting: 'Meeting', note: 'Note' }) },
    subject: { label: 'Subject', ...text },
    body: { label: 'Details', ...text },
    dueDate: { label: 'Due date', ...date },
    status: { label: 'Status', ...choice({ open: 'Open', done: 'Done', cancelled: 'Cancelled' }) },
    ownerId: { label: 'Assigned to', ...reference('user') },
  },
};

const recordNouns: Record<AuditedEntity, string> = {
  opportunity: 'the opportunity',
  'line-item': 'the line',
  client: 'the client',
  contact: 'the BPContact',
  activity: 'the activity',
};

/**
 * The BPContacts of a deal as the change log keeps them: ids and roles, never names, so each name is
 * resolved for the reader (only contacts they may open). Entries written before this kept
 * "Name (Role)" strings; those read as a contact nobody is shown, and their names never leave the server.
 */
export type ContactLink = { contactId: number | null; role: string | null };

export function contactLinksOf(value: unknown): ContactLink[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    if (typeof item === 'object' && item !== null) {
      const { contactId, role } = item as { contactId?: unknown; role?: unknown };
      return {
        contactId: typeof contactId === 'number' ? contactId : null,
        role: typeof role === 'string' && role !== '' ? role : null,
      };
    }
    return { contactId: null, role: null };
  });
}

/**
 * An entry's values as they may leave the server: lists of contact links keep only ids and roles
 * (an older entry's names are dropped). Other values are ids, codes and the record's own fields.
 */
export function shareableValue(entity: AuditedEntity, field: string | null, value: unknown): unknown {
  if (field === null || value === null || value === undefined) return value;
  return changeFieldOf(entity, field).kind === 'contact-links' ? contactLinksOf(value) : value;
}

function readContactLink(link: ContactLink, context: ChangeReadingContext): string {
  const name = context.nameOf('contact', link.contactId ?? 'unknown');
  return link.role ? `${name} (${link.role})` : name;
}

/** "closeReasonCode" → "Close reason code": fields added later still read as words. */
export function humanizeField(field: string): string {
  const words = field
    .replace(/Minor$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label and kind of a field; an unknown field gets a label from its name and reads as text. */
export function changeFieldOf(entity: AuditedEntity, field: string): ChangeField {
  const known = changeFields[entity][field];
  if (known) return known;
  if (field.endsWith('Minor')) return { label: humanizeField(field), ...money };
  if (field.endsWith('Date')) return { label: humanizeField(field), ...date };
  return { label: humanizeField(field), ...text };
}

/** The references (kind and id) an entry's values name, so the caller can resolve them in one go. */
export function referencesOf(entry: {
  entityType: AuditedEntity;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
}): { kind: ReferenceKind; id: string | number }[] {
  const found: { kind: ReferenceKind; id: string | number }[] = [];
  const collect = (field: string, value: unknown) => {
    const spec = changeFieldOf(entry.entityType, field);
    if (spec.kind === 'contact-links') {
      for (const link of contactLinksOf(value)) {
        if (link.contactId !== null) found.push({ kind: 'contact', id: link.contactId });
      }
    }
    if (spec.kind === 'reference' && (typeof value === 'number' || typeof value === 'string')) {
      found.push({ kind: spec.to, id: value });
    }
  };
  if (entry.field !== null) {
    collect(entry.field, entry.oldValue);
    collect(entry.field, entry.newValue);
    return found;
  }
  for (const snapshot of [entry.oldValue, entry.newValue]) {
    if (isSnapshot(snapshot)) for (const [field, value] of Object.entries(snapshot)) collect(field, value);
  }
  return found;
}

/** What the caller supplies: names it resolved and the formats of the reader. */
export type ChangeReadingContext = {
  /** The name of a referenced record, or a generic phrase when the reader may not see it. */
  nameOf: (kind: ReferenceKind, id: string | number) => string;
  /** Minor units in the currency of the deal at the time of the change. */
  formatMoney: (amountMinor: number) => string;
  /** A YYYY-MM-DD date for people. */
  formatDate: (isoDate: string) => string;
  /** A plain number for people (quantities, counts). */
  formatNumber: (value: number) => string;
  /** How a line item is named in sentences (its description or product), for line-item entries. */
  lineLabel?: string | undefined;
};

export type ReadableChange = {
  /** The field's label, null for a creation or deletion. */
  label: string | null;
  /** The values before and after, as people read them; null when empty or not applicable. */
  oldText: string | null;
  newText: string | null;
  /** One sentence that says what happened, e.g. "changed sales stage: 01 Identify → 02 Validate". */
  summary: string;
};

function isSnapshot(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

const longText = 160;

function shorten(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > longText ? `${oneLine.slice(0, longText - 1)}…` : oneLine;
}

/** A value as a person reads it; null when it is empty. */
export function readValue(field: ChangeField, value: unknown, context: ChangeReadingContext): string | null {
  if (isEmpty(value)) return null;
  switch (field.kind) {
    case 'money':
      return typeof value === 'number' ? context.formatMoney(value) : String(value);
    case 'percent':
      return typeof value === 'number' ? `${context.formatNumber(value)}%` : String(value);
    case 'quantity':
    case 'number':
      return typeof value === 'number' ? context.formatNumber(value) : String(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
        ? context.formatDate(value.slice(0, 10))
        : String(value);
    case 'boolean':
      return value === true || value === 1 ? 'Yes' : value === false || value === 0 ? 'No' : String(value);
    case 'choice':
      return field.labels[String(value)] ?? String(value);
    case 'reference':
      return typeof value === 'number' || typeof value === 'string'
        ? context.nameOf(field.to, value)
        : String(value);
    case 'list':
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
    case 'contact-links':
      return contactLinksOf(value)
        .map((link) => readContactLink(link, context))
        .join(', ');
    case 'text':
      if (typeof value === 'string') return shorten(value);
      if (typeof value === 'number') return context.formatNumber(value);
      if (typeof value === 'boolean') return value ? 'Yes' : 'No';
      return shorten(JSON.stringify(value));
  }
}

/** A label inside a sentence: "Sales stage" → "sales stage", "BPContacts" stays. */
function inSentence(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

function snapshotValue(snapshot: unknown, field: string): unknown {
  return isSnapshot(snapshot) ? snapshot[field] : undefined;
}

/** "2 × Storage array at $12,500.00, 10% off": a line as it was added or removed. */
export function describeLine(snapshot: unknown, context: ChangeReadingContext): string {
  const fields = changeFields['line-item'];
  const quantity = snapshotValue(snapshot, 'quantity');
  const unitPrice = snapshotValue(snapshot, 'unitPriceMinor');
  const discount = snapshotValue(snapshot, 'discountPercent');
  const amount = snapshotValue(snapshot, 'amountMinor');
  const label = context.lineLabel ?? lineLabelOf(snapshot, context) ?? 'a line';
  let line = typeof quantity === 'number' ? `${context.formatNumber(quantity)} × ${label}` : label;
  const price = fields.unitPriceMinor && readValue(fields.unitPriceMinor, unitPrice, context);
  if (price) line += ` at ${price}`;
  else if (fields.amountMinor && typeof amount === 'number') {
    line += ` (estimated ${readValue(fields.amountMinor, amount, context)})`;
  }
  if (typeof discount === 'number' && discount > 0) line += `, ${context.formatNumber(discount)}% off`;
  return line;
}

/** A line's name from its values: its description, else its product's name. */
export function lineLabelOf(snapshot: unknown, context: ChangeReadingContext): string | undefined {
  const description = snapshotValue(snapshot, 'description');
  if (typeof description === 'string' && description.trim()) return shorten(description);
  const productId = snapshotValue(snapshot, 'productId');
  if (typeof productId === 'number') return context.nameOf('product', productId);
  return undefined;
}

/** Set differences of two lists of names ("Ann Seller (edit)"): who was added, who removed. */
function describeListChange(label: string, old: string[], next: string[]): string {
  return describeListParts(
    label,
    next.filter((each) => !old.includes(each)),
    old.filter((each) => !next.includes(each)),
  );
}

function describeListParts(label: string, added: string[], removed: string[]): string {
  const parts = [
    ...(added.length ? [`added ${added.join(', ')}`] : []),
    ...(removed.length ? [`removed ${removed.join(', ')}`] : []),
  ];
  return `changed ${inSentence(label)}: ${parts.length ? parts.join('; ') : 'reordered'}`;
}

/** The readable values of a whole record (a creation or deletion), in the order of its fields. */
function readSnapshot(
  entity: AuditedEntity,
  snapshot: unknown,
  context: ChangeReadingContext,
): string | null {
  if (!isSnapshot(snapshot)) return null;
  const parts: string[] = [];
  for (const [field, value] of Object.entries(snapshot)) {
    if (entity === 'activity' && (field === 'entityType' || field === 'entityId')) continue;
    const spec = changeFieldOf(entity, field);
    const shown = readValue(spec, value, context);
    if (shown !== null) parts.push(`${spec.label}: ${shown}`);
  }
  return parts.length ? parts.join('; ') : null;
}

/** Turns one audit entry into labels, readable values and a sentence (SPEC §2). */
export function describeChange(
  entry: {
    entityType: AuditedEntity;
    action: AuditActionName;
    field: string | null;
    oldValue: unknown;
    newValue: unknown;
  },
  context: ChangeReadingContext,
): ReadableChange {
  const isLine = entry.entityType === 'line-item';
  if (entry.action !== 'update' || entry.field === null) {
    const snapshot = entry.action === 'delete' ? entry.oldValue : entry.newValue;
    const values = readSnapshot(entry.entityType, snapshot, context);
    const noun = recordNouns[entry.entityType];
    const summary = isLine
      ? `${{ create: 'added line', delete: 'removed line', restore: 'restored line', update: 'changed line' }[entry.action]}: ${describeLine(snapshot, context)}`
      : `${{ create: 'created', delete: 'deleted', restore: 'restored', update: 'changed' }[entry.action]} ${noun}`;
    return {
      label: null,
      oldText: entry.action === 'delete' ? values : null,
      newText: entry.action === 'delete' ? null : values,
      summary,
    };
  }
  const field = changeFieldOf(entry.entityType, entry.field);
  const oldText = readValue(field, entry.oldValue, context);
  const newText = readValue(field, entry.newValue, context);
  const name = inSentence(field.label);
  const subject = isLine ? `line ${context.lineLabel ?? 'a line'}` : null;
  let summary: string;
  if (field.kind === 'list') {
    const names = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
    summary = describeListChange(field.label, names(entry.oldValue), names(entry.newValue));
  } else if (field.kind === 'contact-links') {
    // Compared by id and role, so two people the reader cannot see are still two changes.
    const keyed = (value: unknown) =>
      contactLinksOf(value).map((link) => ({
        key: `${link.contactId}|${link.role}`,
        text: readContactLink(link, context),
      }));
    const old = keyed(entry.oldValue);
    const next = keyed(entry.newValue);
    const keys = (links: { key: string }[]) => links.map((link) => link.key);
    const added = next.filter((link) => !keys(old).includes(link.key)).map((link) => link.text);
    const removed = old.filter((link) => !keys(next).includes(link.key)).map((link) => link.text);
    summary = describeListParts(field.label, added, removed);
  } else if (isLine) {
    summary = `changed ${subject}: ${name} ${oldText ?? '—'} → ${newText ?? '—'}`;
  } else if (oldText === null) {
    summary = `set ${name} to ${newText ?? '—'}`;
  } else if (newText === null) {
    summary = `cleared ${name} (was ${oldText})`;
  } else {
    summary = `changed ${name}: ${oldText} → ${newText}`;
  }
  return { label: field.label, oldText, newText, summary };
}
