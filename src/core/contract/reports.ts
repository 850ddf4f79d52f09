import { z } from 'zod';
import { booleanQuery, dateSchema, wholeNumberText } from './common.ts';
import { minorTotalSchema } from './money.ts';
import { opportunityFilterShape, opportunitySchema } from './opportunities.ts';

/**
 * SPEC §8 Home, Pipeline board and Dashboard, SPEC §9.1 reports. Every figure counts only the
 * opportunities the caller may open (SPEC §5), and every amount is in one currency that the
 * answer names: the reporting currency, or the one asked for with `displayCurrency`.
 */

const currencyQuery = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as EUR')
  .optional();

const displayCurrencyQuery = currencyQuery.describe(
  'Show the amounts in this currency instead of the reporting currency, converted from the reporting-currency totals at today’s rate. (`currency` is the list filter: only opportunities in that currency.)',
);

const reportStatuses = ['open', 'won', 'lost', 'closed', 'all'] as const;

/** The list filters (`GET /opportunities`), with `all` added to `status` and the report's own default. */
const pipelineFilterShape = {
  ...opportunityFilterShape,
  status: z
    .enum(reportStatuses)
    .optional()
    .describe(
      'open (the default when no status is given), won, lost, closed (won or lost) or all. Open opportunities are the pipeline.',
    ),
};

export const pipelineReportQuerySchema = z
  .strictObject({ ...pipelineFilterShape, displayCurrency: displayCurrencyQuery })
  .describe(
    'The filters of the opportunities list. Without `status` only open opportunities count (the pipeline); `status=all` counts every stage.',
  );
export type PipelineReportQuery = z.infer<typeof pipelineReportQuerySchema>;

const conversionShape = {
  currency: z.string().describe('The currency of every amount in this answer'),
  reportingCurrency: z.string(),
  rate: z
    .string()
    .nullable()
    .describe(
      'Reporting-currency units per unit of `currency`, in force today, used to convert the totals; null when `currency` is the reporting currency',
    ),
};

const totalsShape = {
  count: z.number(),
  totalMinor: minorTotalSchema.describe(
    'Sum of the amounts, minor units of `currency` (exact; a string past 2^53)',
  ),
  weightedMinor: minorTotalSchema.describe(
    'Sum of the weighted amounts (amount × probability), minor units of `currency` (exact; a string past 2^53)',
  ),
};

export const stageTotalsSchema = z
  .object({
    stage: z.string(),
    label: z.string(),
    order: z.number(),
    probability: z.number(),
    closing: z.boolean(),
    outcome: z.enum(['open', 'won', 'lost']),
    ...totalsShape,
  })
  .describe(
    'One stage of the catalog. Lost deals count with their value at closing (their line items are lost, so their own total is zero) and a weighted amount of zero.',
  )
  .meta({ id: 'StageTotals' });
export type StageTotals = z.infer<typeof stageTotalsSchema>;

export const pipelineReportSchema = z
  .object({
    ...conversionShape,
    status: z.enum(reportStatuses).describe('The status the report counted (open unless asked otherwise)'),
    stages: z
      .array(stageTotalsSchema)
      .describe('Every stage of the catalog in order, those without opportunities included with zeros'),
    totals: z
      .object(totalsShape)
      .describe('The sums of the stage rows (each row converted on its own, so the rows add up to it)'),
  })
  .meta({ id: 'PipelineReport' });
export type PipelineReport = z.infer<typeof pipelineReportSchema>;

export const quarterTotalsSchema = z
  .object({
    quarter: z.string().describe('Calendar quarter of the decision date, e.g. 2026-Q4'),
    from: dateSchema,
    to: dateSchema,
    ...totalsShape,
  })
  .meta({ id: 'QuarterTotals' });

export const weightedByQuarterReportSchema = z
  .object({
    ...conversionShape,
    status: z.enum(reportStatuses),
    quarters: z
      .array(quarterTotalsSchema)
      .describe('Quarters that have opportunities, oldest first; quarters without any are left out'),
    totals: z.object(totalsShape),
  })
  .meta({ id: 'WeightedByQuarterReport' });
export type WeightedByQuarterReport = z.infer<typeof weightedByQuarterReportSchema>;

export const winLossQuerySchema = z
  .strictObject({
    ...opportunityFilterShape,
    status: z.enum(['won', 'lost', 'closed']).optional().describe('won, lost, or closed (both, the default)'),
    closedFrom: dateSchema.optional().describe('Closed on or after this day (UTC)'),
    closedTo: dateSchema.optional().describe('Closed on or before this day (UTC)'),
    displayCurrency: displayCurrencyQuery,
  })
  .describe('Closed opportunities (won or lost) matching the filters of the opportunities list');
export type WinLossQuery = z.infer<typeof winLossQuerySchema>;

const winLossShape = {
  wonCount: z.number(),
  wonMinor: minorTotalSchema.describe(
    'Won deals at their closing value (frozen rate); exact, a string past 2^53',
  ),
  lostCount: z.number(),
  lostMinor: minorTotalSchema.describe(
    'Lost deals at their value when they closed, converted at the rate frozen at closing; exact, a string past 2^53',
  ),
};

export const winLossReportSchema = z
  .object({
    ...conversionShape,
    closedFrom: dateSchema.nullable(),
    closedTo: dateSchema.nullable(),
    totals: z.object({
      ...winLossShape,
      winRatePercent: z
        .number()
        .nullable()
        .describe('Won deals as a share of closed deals, by count, one decimal; null without closed deals'),
    }),
    byReason: z
      .array(
        z.object({
          outcome: z.enum(['won', 'lost']),
          stage: z.string().describe('The closing stage'),
          stageLabel: z.string(),
          reasonId: z
            .number()
            .nullable()
            .describe('The close reason (GET /close-reasons); null for deals closed without one'),
          reason: z
            .string()
            .nullable()
            .describe('The close reason’s label; null for deals closed without one'),
          count: z.number(),
          amountMinor: minorTotalSchema.describe('Exact; a string past 2^53'),
        }),
      )
      .describe(
        'Closed deals per closing stage and close reason of the list (won and lost alike). Largest count first.',
      ),
    byLastOpenStage: z
      .array(
        z.object({
          stage: z
            .string()
            .nullable()
            .describe('The open stage the deal was in when it closed; null when its history has no closing'),
          label: z.string(),
          ...winLossShape,
        }),
      )
      .describe(
        'Every open stage of the catalog in order (zeros included), from the closing stage change; a row with a null stage only when some closed deal has no closing in its history (imported closed).',
      ),
  })
  .meta({ id: 'WinLossReport' });
export type WinLossReport = z.infer<typeof winLossReportSchema>;

export const timeInStageQuerySchema = z
  .strictObject({
    ...opportunityFilterShape,
    includeCurrent: booleanQuery
      .optional()
      .describe(
        'Also count the stage open opportunities are in now, up to now. Off by default: only finished stays count, so a young pipeline does not make stages look short.',
      ),
  })
  .describe(
    'Visible opportunities matching the filters of the opportunities list, open and closed alike unless `status` says otherwise',
  );
export type TimeInStageQuery = z.infer<typeof timeInStageQuerySchema>;

export const timeInStageReportSchema = z
  .object({
    includeCurrent: z.boolean(),
    stages: z
      .array(
        z.object({
          stage: z.string(),
          label: z.string(),
          order: z.number(),
          count: z.number().describe('Stays counted'),
          averageDays: z.number().nullable().describe('Mean length of a stay in days, two decimals'),
          medianDays: z.number().nullable().describe('Median length of a stay in days, two decimals'),
        }),
      )
      .describe(
        'Every open stage in order. A stay runs from the stage change that entered the stage to the next stage change (of any kind of move: forward, back, closing); amount and date changes do not end it. Reopening starts a new stay. Closing stages are not reported.',
      ),
  })
  .meta({ id: 'TimeInStageReport' });
export type TimeInStageReport = z.infer<typeof timeInStageReportSchema>;

/** A smaller form of the opportunity for boards and Home lists. */
export const opportunityCardSchema = opportunitySchema
  .pick({
    id: true,
    number: true,
    name: true,
    clientId: true,
    clientName: true,
    ownerId: true,
    ownerName: true,
    ownerFirmId: true,
    ownerFirmName: true,
    stage: true,
    stageLabel: true,
    stageEnteredAt: true,
    outcome: true,
    decisionDate: true,
    currency: true,
    amountMinor: true,
    probability: true,
    weightedAmountMinor: true,
    reportingCurrency: true,
    amountReportingMinor: true,
    weightedReportingMinor: true,
    origin: true,
    partnerPrivate: true,
    passStatus: true,
    isStale: true,
    isFavorite: true,
    canEdit: true,
    version: true,
  })
  .extend({
    daysInStage: z.number().describe('Whole days since the opportunity entered its stage'),
    mustReachClosing: z
      .boolean()
      .describe('Passed and co-marketing opportunities must be progressed to a closing stage (SPEC §6)'),
  })
  .meta({ id: 'OpportunityCard' });
export type OpportunityCard = z.infer<typeof opportunityCardSchema>;

export const boardQuerySchema = z
  .strictObject({
    ...opportunityFilterShape,
    perColumn: wholeNumberText(1, 100, 'must be a whole number from 1 to 100')
      .default(20)
      .describe('Cards per column (1–100, default 20)'),
  })
  .describe('The filters of the opportunities list; every column and summary counts what they match');
export type BoardQuery = z.infer<typeof boardQuerySchema>;

export const boardSchema = z
  .object({
    currency: z.string().describe('The reporting currency, of every total on the board'),
    columns: z
      .array(
        z.object({
          stage: z.string(),
          label: z.string(),
          order: z.number(),
          probability: z.number(),
          ...totalsShape,
          items: z.array(opportunityCardSchema).describe('The first cards by decision date (then id)'),
          nextCursor: z
            .string()
            .nullable()
            .describe(
              'More cards: GET /api/v1/opportunities?stage=CODE&sort=decisionDate&cursor=nextCursor with the same filters',
            ),
        }),
      )
      .describe('One column per open stage, in gate order'),
    closed: z
      .array(
        z.object({
          stage: z.string(),
          label: z.string(),
          order: z.number(),
          outcome: z.enum(['won', 'lost']),
          ...totalsShape,
        }),
      )
      .describe(
        'One summary per closing stage (drop targets on the board), without cards; lost deals count at their value when they closed',
      ),
  })
  .meta({ id: 'PipelineBoard' });
export type Board = z.infer<typeof boardSchema>;

export const homeQuerySchema = z.strictObject({
  scope: z
    .enum(['mine', 'visible'])
    .default('mine')
    .describe(
      'mine (the default): opportunities I own; visible: every opportunity I may open (for a manager, the firm’s and the ones whose team they are on)',
    ),
  limit: wholeNumberText(1, 50, 'must be a whole number from 1 to 50')
    .default(10)
    .describe('How many decisions due and stale opportunities to list (1–50, default 10)'),
});
export type HomeQuery = z.infer<typeof homeQuerySchema>;

const homeListShape = {
  count: z.number().describe('How many there are in all'),
  nextCursor: z.string().nullable(),
};

export const homeSchema = z
  .object({
    scope: z.enum(['mine', 'visible']),
    currency: z.string().describe('The reporting currency'),
    pipeline: z.object({
      stages: z.array(stageTotalsSchema).describe('Every open stage in order, zeros included'),
      totals: z.object(totalsShape),
    }),
    decisionsDue: z
      .object({
        quarter: z.string(),
        from: dateSchema,
        to: dateSchema,
        ...homeListShape,
        items: z.array(opportunityCardSchema),
      })
      .describe(
        'Open opportunities whose decision date is in the current calendar quarter (overdue ones of the quarter included), soonest first. More: GET /api/v1/opportunities?status=open&decisionFrom=FROM&decisionTo=TO&sort=decisionDate&cursor=nextCursor (with mine=true for scope mine).',
      ),
    stale: z
      .object({
        ...homeListShape,
        mustReachClosingCount: z
          .number()
          .describe('How many of them are passed or co-marketing, which must reach a closing stage'),
        items: z.array(opportunityCardSchema),
      })
      .describe(
        'Open opportunities without a stage change for longer than their stage’s threshold, by decision date. More: GET /api/v1/opportunities?stale=true&sort=decisionDate&cursor=nextCursor (with mine=true for scope mine).',
      ),
    passedInbox: z
      .object({ count: z.number() })
      .nullable()
      .describe(
        'Managers: opportunities passed to their firm waiting to be accepted (GET /api/v1/opportunities?passStatus=pending); null for everyone else',
      ),
  })
  .meta({ id: 'Home' });
export type Home = z.infer<typeof homeSchema>;
