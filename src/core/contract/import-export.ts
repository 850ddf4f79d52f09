import { z } from 'zod';
import { importTypes } from '../import-fields.ts';
import { clientListQuerySchema } from './clients.ts';
import { booleanQuery, timestampSchema } from './common.ts';
import { contactListQuerySchema } from './contacts.ts';
import { opportunityListQuerySchema } from './opportunities.ts';

/** SPEC §8 import/export: CSV in (with mapping, dry run, row report, progress) and CSV out. */

export const importTypeParamsSchema = z.strictObject({ type: z.enum(importTypes) });

/** A JSON object passed in a query parameter or a header, validated by `shape`. */
function jsonText<T extends z.ZodType>(shape: T) {
  return z
    .string()
    .max(20_000)
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(shape);
}

export const importMappingSchema = z
  .record(z.string().min(1).max(200), z.string().max(60).nullable())
  .describe('CSV header → field name (null or "" leaves the column out)');
export type ImportMappingInput = z.infer<typeof importMappingSchema>;

export const stageMapSchema = z
  .record(z.string().min(1).max(200), z.string().min(1).max(100))
  .describe('Stage value of the file → stage code, or open-stage>closing-stage (e.g. "validate>lost")');

export const unmatchedOwnerPolicies = ['error', 'importer'] as const;

export const importOptionsSchema = z.strictObject({
  dryRun: z.boolean().default(false),
  mapping: importMappingSchema.optional(),
  stageMap: stageMapSchema.optional(),
  placeholders: z.boolean().default(false),
  unmatchedOwners: z.enum(unmatchedOwnerPolicies).default('error'),
});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

export const importQuerySchema = z.strictObject({
  dryRun: booleanQuery
    .optional()
    .describe('Check everything and report what would be created; write nothing'),
  mapping: jsonText(importMappingSchema)
    .optional()
    .describe('JSON object header → field; may also be sent as the X-Import-Mapping header'),
  stageMap: jsonText(stageMapSchema).optional(),
  placeholders: booleanQuery
    .optional()
    .describe(
      'Fill what the source lacks with labelled placeholders: a client for rows without one, a BPContact where a stage needs one, the competitor, reason or note a closing needs',
    ),
  unmatchedOwners: z
    .enum(unmatchedOwnerPolicies)
    .optional()
    .describe('Owners not found among your firm’s users: a row error (error) or you (importer)'),
});

export const importMappingHeaderSchema = jsonText(importMappingSchema);

export const importRowErrorSchema = z.object({
  row: z.number().describe('Row of the file, counting the header as row 1 (as a spreadsheet shows it)'),
  column: z.string().nullable().describe('The CSV column, when the error is about one'),
  field: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importWarningSchema = z.object({
  field: z.string(),
  message: z.string(),
  rows: z.number().describe('How many rows it concerns'),
});
export type ImportWarning = z.infer<typeof importWarningSchema>;

export const importCountsSchema = z.object({
  clients: z.number(),
  contacts: z.number(),
  opportunities: z.number(),
  lineItems: z.number(),
  products: z.number(),
});
export type ImportCounts = z.infer<typeof importCountsSchema>;

export const importReportSchema = z.object({
  mapping: z.record(z.string(), z.string()).describe('The mapping used: header → field'),
  ignoredColumns: z.array(z.string()),
  stageMap: z.record(z.string(), z.string()),
  placeholders: z.boolean(),
  unmatchedOwners: z.enum(unmatchedOwnerPolicies),
  created: importCountsSchema.describe('What was created (for a dry run: what would have been)'),
  placeholdersCreated: z.object({ clients: z.number(), contacts: z.number() }),
  warnings: z.array(importWarningSchema),
  errors: z.array(importRowErrorSchema),
  errorsTruncated: z.boolean().describe('More errors than listed; errorCount has them all'),
  durationMs: z.number(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importJobStatuses = ['running', 'succeeded', 'failed'] as const;

export const importJobSchema = z
  .object({
    id: z.number(),
    type: z.enum(importTypes),
    status: z.enum(importJobStatuses),
    dryRun: z.boolean(),
    totalRows: z.number(),
    processedRows: z.number(),
    createdCount: z.number().describe('Records of the file’s type created (or, in a dry run, that would be)'),
    errorCount: z.number(),
    startedAt: timestampSchema,
    finishedAt: timestampSchema.nullable(),
    report: importReportSchema.nullable(),
  })
  .meta({ id: 'ImportJob' });
export type ImportJob = z.infer<typeof importJobSchema>;

export const importJobListSchema = z.object({ items: z.array(importJobSchema) });

export const importFieldListSchema = z.object({
  type: z.enum(importTypes),
  items: z.array(
    z.object({
      field: z.string(),
      label: z.string(),
      description: z.string(),
      required: z.boolean(),
      aliases: z.array(z.string()).describe('Headers that map to the field on their own'),
    }),
  ),
});

/** The columns of each export, in their default order. */
export const clientExportColumns = [
  'id',
  'clientNumber',
  'name',
  'industry',
  'addressLine1',
  'addressLine2',
  'city',
  'region',
  'postalCode',
  'country',
  'website',
  'phone',
  'employees',
  'description',
  'parentClientId',
  'parentClientName',
  'ownerFirmName',
  'isVendorRegistered',
  'createdAt',
  'updatedAt',
] as const;

export const contactExportColumns = [
  'id',
  'clientId',
  'clientName',
  'firstName',
  'lastName',
  'fullName',
  'title',
  'department',
  'email',
  'phone',
  'mobile',
  'notes',
  'ownerFirmName',
  'createdAt',
  'updatedAt',
] as const;

export const opportunityExportColumns = [
  'id',
  'number',
  'name',
  'description',
  'clientId',
  'clientName',
  'primaryContactId',
  'primaryContactName',
  'ownerId',
  'ownerName',
  'ownerFirmName',
  'stage',
  'stageLabel',
  'outcome',
  'decisionDate',
  'currency',
  'amount',
  'amountMinor',
  'probability',
  'weightedAmount',
  'weightedAmountMinor',
  'reportingCurrency',
  'amountReporting',
  'amountReportingMinor',
  'weightedReporting',
  'weightedReportingMinor',
  'exchangeRate',
  'isRateFrozen',
  'lineItemCount',
  'origin',
  'partnerPrivate',
  'passStatus',
  'distributorFirmName',
  'resellerFirmName',
  'leadSource',
  'competitor',
  'closeReason',
  'closeReasonNote',
  'closeNote',
  'closedAt',
  'nextStep',
  'createdAt',
  'updatedAt',
] as const;

/** With `lineItems=true`: one row per line item, these columns after the opportunity's. */
export const lineItemExportColumns = [
  'linePosition',
  'product',
  'partNumber',
  'type',
  'brand',
  'family',
  'offering',
  'lineDescription',
  'quantity',
  'unitPrice',
  'unitPriceMinor',
  'discountPercent',
  'lineAmount',
  'lineAmountMinor',
  'lineDecisionDate',
  'lineOwnerName',
  'lineOutcome',
] as const;

function columnsQuery<const T extends readonly [string, ...string[]]>(allowed: T) {
  return z
    .string()
    .trim()
    .max(4000)
    .transform((value) =>
      value
        .split(',')
        .map((column) => column.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.enum(allowed, { error: `must list columns from: ${allowed.join(', ')}` }))
        .min(1, 'must name at least one column'),
    )
    .describe('Comma-separated columns, in the order wanted; all when omitted');
}

/** An export takes the same filters and sort as the list it exports (no paging), and a column choice. */
export const clientExportQuerySchema = clientListQuerySchema
  .omit({ limit: true, cursor: true })
  .extend({ columns: columnsQuery(clientExportColumns).optional() });
export type ClientExportQuery = z.infer<typeof clientExportQuerySchema>;

export const contactExportQuerySchema = contactListQuerySchema
  .omit({ limit: true, cursor: true })
  .extend({ columns: columnsQuery(contactExportColumns).optional() });
export type ContactExportQuery = z.infer<typeof contactExportQuerySchema>;

export const opportunityExportQuerySchema = opportunityListQuerySchema
  .omit({ limit: true, cursor: true })
  .extend({
    columns: columnsQuery([...opportunityExportColumns, ...lineItemExportColumns]).optional(),
    lineItems: booleanQuery.optional().describe('One row per line item (the opportunity repeated on each)'),
  });
export type OpportunityExportQuery = z.infer<typeof opportunityExportQuerySchema>;

export const exportTypes = ['clients', 'contacts', 'opportunities'] as const;
export type ExportType = (typeof exportTypes)[number];
