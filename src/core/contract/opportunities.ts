import { z } from 'zod';
import {
  bodyIdSchema,
  booleanQuery,
  cursorSchema,
  dateSchema,
  idSchema,
  limitSchema,
  optionalText,
  pageSchema,
  requiredText,
  sortSchema,
  timestampSchema,
  wholeNumberText,
} from './common.ts';
import { lineItemCreateSchema, lineItemSchema } from './line-items.ts';
import { amountMinorSchema, currencyCodeSchema, probabilitySchema } from './money.ts';
import { teamMemberInputSchema, teamMemberSchema } from './team.ts';

export const origins = ['partner', 'passed', 'co-marketing'] as const;
export const passStatuses = ['pending', 'accepted', 'declined'] as const;
export const outcomes = ['open', 'won', 'lost'] as const;

export const contactRoles = [
  'Decision maker',
  'Economic buyer',
  'Technical buyer',
  'Influencer',
  'Champion',
  'User',
  'Other',
] as const;

const stageCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9-]+$/, 'must be a stage code such as qualify');

const opportunityContactInputSchema = z.strictObject({
  contactId: bodyIdSchema,
  role: optionalText(60),
  isPrimary: z.boolean().optional(),
});

/** SPEC §2 and §7: creating an opportunity; omitted fields come from the caller's defaults. */
export const opportunityCreateSchema = z
  .strictObject({
    name: requiredText(200),
    description: optionalText(4000),
    clientId: bodyIdSchema.optional(),
    contactId: bodyIdSchema
      .optional()
      .describe('Start from a BPContact: presets the client and the primary contact'),
    primaryContactId: bodyIdSchema.nullable().optional(),
    ownerId: bodyIdSchema.optional(),
    stage: stageCodeSchema.optional(),
    decisionDate: dateSchema.optional(),
    currency: currencyCodeSchema.optional(),
    amountMinor: amountMinorSchema
      .optional()
      .describe('An estimate, only while the opportunity has no line items'),
    probability: probabilitySchema.optional(),
    origin: z.enum(origins).optional(),
    partnerPrivate: z.boolean().optional(),
    distributorFirmId: bodyIdSchema.nullable().optional(),
    resellerFirmId: bodyIdSchema.nullable().optional(),
    leadSource: optionalText(100),
    competitor: optionalText(200),
    nextStep: optionalText(500),
    lineItems: z.array(lineItemCreateSchema).max(200).optional(),
    team: z.array(teamMemberInputSchema).max(50).optional(),
    contacts: z.array(opportunityContactInputSchema).max(50).optional(),
  })
  .meta({ id: 'OpportunityCreate' });
export type OpportunityCreate = z.infer<typeof opportunityCreateSchema>;

export const opportunityUpdateSchema = z
  .strictObject({
    name: requiredText(200).optional(),
    description: optionalText(4000),
    clientId: bodyIdSchema.optional(),
    primaryContactId: bodyIdSchema.nullable().optional(),
    ownerId: bodyIdSchema.optional(),
    decisionDate: dateSchema.optional(),
    currency: currencyCodeSchema.optional(),
    amountMinor: amountMinorSchema.optional(),
    probability: probabilitySchema.optional(),
    origin: z.enum(origins).optional(),
    partnerPrivate: z.boolean().optional(),
    distributorFirmId: bodyIdSchema.nullable().optional(),
    resellerFirmId: bodyIdSchema.nullable().optional(),
    leadSource: optionalText(100),
    competitor: optionalText(200),
    nextStep: optionalText(500),
  })
  .meta({ id: 'OpportunityUpdate' });
export type OpportunityUpdate = z.infer<typeof opportunityUpdateSchema>;

const personSchema = z.object({ id: z.number(), name: z.string() });

export const opportunitySchema = z
  .object({
    id: z.number(),
    number: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    clientId: z.number(),
    clientName: z.string(),
    primaryContactId: z.number().nullable(),
    primaryContactName: z.string().nullable(),
    ownerId: z.number(),
    ownerName: z.string(),
    ownerFirmId: z.number(),
    ownerFirmName: z.string(),
    stage: z.string(),
    stageLabel: z.string(),
    stageEnteredAt: timestampSchema,
    outcome: z.enum(outcomes),
    isClosed: z.boolean(),
    decisionDate: dateSchema,
    currency: z.string(),
    amountMinor: z.number(),
    probability: z.number(),
    weightedAmountMinor: z.number(),
    reportingCurrency: z.string(),
    amountReportingMinor: z.number(),
    weightedReportingMinor: z.number(),
    exchangeRate: z
      .string()
      .describe('Reporting-currency units per unit of the currency, as saved with the opportunity'),
    isRateFrozen: z.boolean(),
    lineItemCount: z.number(),
    /** The total is the sum of the line items (read-only) once there are any (SPEC §4). */
    isAmountFromLineItems: z.boolean(),
    origin: z.enum(origins),
    partnerPrivate: z.boolean(),
    canSetPartnerPrivate: z.boolean(),
    passStatus: z.enum(passStatuses).nullable(),
    passedBy: personSchema.nullable(),
    passedAt: timestampSchema.nullable(),
    passNote: z.string().nullable(),
    passDeclineReason: z.string().nullable(),
    /** SPEC §5: the caller may choose the distributor and reseller (the owner or a manager of the owning firm). */
    canSetDealFirms: z.boolean(),
    distributorFirmId: z.number().nullable(),
    distributorFirmName: z.string().nullable(),
    resellerFirmId: z.number().nullable(),
    resellerFirmName: z.string().nullable(),
    leadSource: z.string().nullable(),
    competitor: z.string().nullable(),
    closeReason: z.string().nullable().describe('The label of the close reason (closeReasonId)'),
    closeReasonId: z.number().nullable().describe('The close reason of the list (GET /close-reasons)'),
    closeReasonNote: z.string().nullable().describe('What "Other" stands for, or a note on the reason'),
    closeNote: z.string().nullable(),
    closedAt: timestampSchema.nullable(),
    nextStep: z.string().nullable(),
    isStale: z.boolean(),
    isFavorite: z.boolean(),
    canEdit: z.boolean(),
    canReopen: z.boolean(),
    /** SPEC §6: the caller may pass this vendor lead to a partner firm. */
    canPass: z.boolean(),
    myTeamAccess: z.enum(['read', 'edit']).nullable(),
    createdBy: personSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: z.number(),
  })
  .meta({ id: 'Opportunity' });
export type Opportunity = z.infer<typeof opportunitySchema>;

export const opportunitySortFields = [
  'decisionDate',
  'amount',
  'name',
  'number',
  'stage',
  'probability',
  'createdAt',
  'updatedAt',
] as const;
export type OpportunitySortField = (typeof opportunitySortFields)[number];

const stageListSchema = z
  .string()
  .trim()
  .max(500)
  .transform((value) =>
    value
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9-]+$/, 'must list stage codes such as qualify,propose')).max(20));

const amountQuery = wholeNumberText(0, 1e15, 'must be a whole number of minor units, from 0 to 10^15');

/** SPEC §8 advanced search: every filter narrows; all are optional. */
export const opportunityFilterShape = {
  q: z.string().trim().max(200).optional().describe('Basic search over number, name, client and contact'),
  stage: stageListSchema.optional().describe('Comma-separated stage codes'),
  status: z
    .enum(['open', 'won', 'lost', 'closed'])
    .optional()
    .describe('Open, won, lost, or closed (won or lost)'),
  decisionFrom: dateSchema.optional(),
  decisionTo: dateSchema.optional(),
  amountMin: amountQuery.optional().describe('Minimum amount in the reporting currency, minor units'),
  amountMax: amountQuery.optional().describe('Maximum amount in the reporting currency, minor units'),
  ownerId: idSchema.optional(),
  ownerFirmId: idSchema.optional(),
  clientId: idSchema.optional(),
  contactId: idSchema.optional().describe('Opportunities this BPContact is linked to'),
  brand: z.string().trim().max(100).optional().describe('Opportunities with a line item of this brand'),
  productId: idSchema.optional(),
  origin: z.enum(origins).optional(),
  private: booleanQuery.optional(),
  passStatus: z.enum(passStatuses).optional().describe('pending = the passed inbox'),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'must be a currency code')
    .optional(),
  mine: booleanQuery.optional().describe('Only opportunities I own'),
  favorites: booleanQuery.optional().describe('Only my favorite opportunities'),
  stale: booleanQuery.optional().describe('Only open opportunities past their stage’s stale threshold'),
};

export const opportunityFilterSchema = z.strictObject(opportunityFilterShape);
export type OpportunityFilter = z.infer<typeof opportunityFilterSchema>;

export const opportunityListQuerySchema = z.strictObject({
  ...opportunityFilterShape,
  sort: sortSchema(opportunitySortFields, 'decisionDate'),
  limit: limitSchema,
  cursor: cursorSchema,
  includeCount: booleanQuery
    .optional()
    .describe(
      'Answer count and isCountCapped with the first page: how many match, exact up to the cap. Screens that show no count leave it out and do not pay for it.',
    ),
});
export type OpportunityListQuery = z.infer<typeof opportunityListQuerySchema>;

/**
 * How far the list counts the opportunities that match (SPEC §8): exactly up to this many, and
 * "this many or more" beyond, so the count costs the same at a thousand deals as at a million.
 */
export const opportunityCountCap = 10_000;

export const opportunityPageSchema = pageSchema(opportunitySchema).extend({
  count: z
    .number()
    .nullable()
    .describe(
      `How many opportunities match the search and filters (of those the caller may see), exact up to ${opportunityCountCap.toLocaleString('en-US')}; with isCountCapped, at least that many. Given on the first page when includeCount=true; null otherwise and on the pages a cursor asks for.`,
    ),
  isCountCapped: z
    .boolean()
    .describe(
      `More than ${opportunityCountCap.toLocaleString('en-US')} match: count is the cap, not the total`,
    ),
});

export const stageMoveSchema = z
  .strictObject({
    stage: stageCodeSchema,
    note: optionalText(4000),
    reason: optionalText(200).describe(
      'The close reason as text: the label of one of the closing stage’s reasons, or any other text, recorded as "Other" with the text as its note',
    ),
    reasonId: bodyIdSchema
      .nullable()
      .optional()
      .describe('The close reason (GET /close-reasons): an active reason of the closing stage'),
    reasonNote: optionalText(500).describe(
      'What "Other" stands for (required with it); a note on any other reason',
    ),
    competitor: optionalText(200),
  })
  .meta({ id: 'StageMove' });
export type StageMove = z.infer<typeof stageMoveSchema>;

export const stageChangeSchema = z
  .object({
    id: z.number(),
    kind: z.enum(['create', 'stage', 'reopen', 'amount', 'decision-date', 'probability', 'update']),
    fromStage: z.string().nullable(),
    toStage: z.string(),
    changedAt: timestampSchema,
    changedBy: personSchema.nullable(),
    amountMinor: z.number(),
    currency: z.string(),
    decisionDate: dateSchema,
    probability: z.number(),
    note: z.string().nullable(),
  })
  .meta({ id: 'StageChange' });
export type StageChange = z.infer<typeof stageChangeSchema>;

export const opportunityContactSchema = z
  .object({
    contactId: z.number(),
    fullName: z.string(),
    title: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: z.string().nullable(),
    isPrimary: z.boolean(),
  })
  .meta({ id: 'OpportunityContact' });
export type OpportunityContact = z.infer<typeof opportunityContactSchema>;

export const opportunityContactsBodySchema = z.union([
  z.array(opportunityContactInputSchema).max(50),
  z.strictObject({ items: z.array(opportunityContactInputSchema).max(50) }),
]);

export const passBodySchema = z.strictObject({ firmId: bodyIdSchema, note: optionalText(2000) });
export const acceptBodySchema = z.strictObject({ ownerId: bodyIdSchema });
export const declineBodySchema = z.strictObject({ reason: requiredText(500) });

/** Everything the opportunity overview screen shows, in one call. */
export const opportunityOverviewSchema = z
  .object({
    opportunity: opportunitySchema,
    lineItems: z.array(lineItemSchema),
    team: z.array(teamMemberSchema),
    contacts: z.array(opportunityContactSchema),
    /** For each stage, what moving there now would still need (empty when ready or behind). */
    readiness: z.array(
      z.object({
        stage: z.string(),
        missing: z.array(z.object({ stage: z.string(), requirement: z.string(), message: z.string() })),
      }),
    ),
    rollup: z.object({ countedLines: z.number(), lostLines: z.number(), totalMinor: z.number() }),
  })
  .meta({ id: 'OpportunityOverview' });
export type OpportunityOverview = z.infer<typeof opportunityOverviewSchema>;
