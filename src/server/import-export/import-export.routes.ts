import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../core/contract/common.ts';
import {
  clientExportQuerySchema,
  contactExportQuerySchema,
  type ImportMappingInput,
  importFieldListSchema,
  importJobListSchema,
  importJobSchema,
  importMappingHeaderSchema,
  importQuerySchema,
  importTypeParamsSchema,
  opportunityExportQuerySchema,
} from '../../core/contract/import-export.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { importFields } from '../../core/import-fields.ts';
import { todayIso } from '../clock.ts';
import { AppError, validationError } from '../http/app-error.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { decodeCsv } from './csv-file.ts';
import { type ExportRequest, exportCsv, exportFileName } from './export.service.ts';
import { getImportJob, listImportJobs, runImport } from './import.service.ts';

/** A CSV file may be large; this limit holds for the import route only (the API's is 1 MiB). */
export const importBodyLimit = 50 * 1024 * 1024;
const csvContentTypes = ['text/csv', 'application/csv'];

function mappingOf(request: FastifyRequest, fromQuery: ImportMappingInput | undefined) {
  if (fromQuery !== undefined) return fromQuery;
  const header = request.headers['x-import-mapping'];
  if (header === undefined) return undefined;
  const parsed = importMappingHeaderSchema.safeParse(Array.isArray(header) ? header.join(',') : header);
  if (!parsed.success) {
    throw validationError([
      {
        field: 'X-Import-Mapping',
        message: parsed.error.issues[0]?.message ?? 'must be a JSON object header → field',
      },
    ]);
  }
  return parsed.data;
}

async function sendCsv(
  reply: FastifyReply,
  request: ExportRequest,
  context: AppContext,
  principal: Parameters<typeof exportCsv>[1],
) {
  const chunks = await exportCsv(context.db, principal, request);
  return reply
    .type('text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${exportFileName(request.type, todayIso())}"`)
    .header('Cache-Control', 'no-store')
    .send(Readable.from(chunks));
}

const exportResponses = {
  200: z.string().describe('CSV, one header row then one row per record'),
  400: errorBodySchema,
};

export function importExportRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // The file arrives as bytes and is decoded strictly: a file that is not UTF-8 is refused
    // (400 naming the row) rather than imported with its letters replaced.
    app.addContentTypeParser(
      csvContentTypes,
      { parseAs: 'buffer', bodyLimit: importBodyLimit },
      (_request, body, done) => {
        try {
          done(null, decodeCsv(body as Buffer));
        } catch (error) {
          done(error as Error, undefined);
        }
      },
    );

    app.post(
      '/import/:type',
      {
        bodyLimit: importBodyLimit,
        schema: {
          tags: ['import-export'],
          summary: 'Import a CSV file of clients, contacts, opportunities (with line items) or products',
          description:
            'Send the file as the body with `Content-Type: text/csv` (up to 50 MB). Columns map to fields by their headers, or by `mapping` (query, or the X-Import-Mapping header). All or nothing: when any row fails nothing is written and the job’s report lists every bad row. `dryRun=true` checks everything and writes nothing. The answer is the finished job; `GET /import-jobs/{id}` reads it again.',
          consumes: csvContentTypes,
          params: importTypeParamsSchema,
          querystring: importQuerySchema,
          body: z.string().describe('The CSV file'),
          response: {
            201: importJobSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            413: errorBodySchema,
            415: errorBodySchema,
          },
        },
        preValidation: async (request) => {
          const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
          if (!csvContentTypes.includes(type)) {
            throw new AppError(
              'UNSUPPORTED_MEDIA_TYPE',
              'Send the file as the body with Content-Type: text/csv',
            );
          }
        },
      },
      async (request, reply) => {
        const { principal } = requireAuthentication(request);
        const mapping = mappingOf(request, request.query.mapping);
        const job = await runImport(context.db, principal, {
          type: request.params.type,
          csv: request.body,
          options: {
            dryRun: request.query.dryRun ?? false,
            placeholders: request.query.placeholders ?? false,
            unmatchedOwners: request.query.unmatchedOwners ?? 'error',
            ...(mapping !== undefined && { mapping }),
            ...(request.query.stageMap !== undefined && { stageMap: request.query.stageMap }),
          },
        });
        return reply.code(201).header('Location', `/api/v1/import-jobs/${job.id}`).send(job);
      },
    );

    app.get(
      '/import/:type/fields',
      {
        schema: {
          tags: ['import-export'],
          summary: 'The fields a column can map to, with the headers that map to each on their own',
          params: importTypeParamsSchema,
          response: { 200: importFieldListSchema },
        },
      },
      async (request) => {
        requireAuthentication(request);
        return {
          type: request.params.type,
          items: importFields[request.params.type].map((field) => ({
            ...field,
            aliases: [...field.aliases],
          })),
        };
      },
    );

    app.get(
      '/import-jobs',
      {
        schema: {
          tags: ['import-export'],
          summary: 'My latest imports (50), newest first',
          response: { 200: importJobListSchema },
        },
      },
      async (request) => ({
        items: await listImportJobs(context.db, requireAuthentication(request).principal),
      }),
    );

    app.get(
      '/import-jobs/:id',
      {
        schema: {
          tags: ['import-export'],
          summary: 'An import’s progress and, when finished, its report (the importer only)',
          params: idParamsSchema,
          response: { 200: importJobSchema, 404: errorBodySchema },
        },
      },
      async (request) =>
        getImportJob(context.db, requireAuthentication(request).principal, request.params.id),
    );

    app.get(
      '/clients/export',
      {
        schema: {
          tags: ['import-export'],
          summary: 'The clients list as CSV: the same filters and sort, every visible client, chosen columns',
          produces: ['text/csv'],
          querystring: clientExportQuerySchema,
          response: exportResponses,
        },
      },
      async (request, reply) =>
        sendCsv(
          reply,
          { type: 'clients', query: request.query },
          context,
          requireAuthentication(request).principal,
        ),
    );

    app.get(
      '/contacts/export',
      {
        schema: {
          tags: ['import-export'],
          summary:
            'The BPContacts list as CSV: the same filters and sort, every visible contact, chosen columns',
          produces: ['text/csv'],
          querystring: contactExportQuerySchema,
          response: exportResponses,
        },
      },
      async (request, reply) =>
        sendCsv(
          reply,
          { type: 'contacts', query: request.query },
          context,
          requireAuthentication(request).principal,
        ),
    );

    app.get(
      '/opportunities/export',
      {
        schema: {
          tags: ['import-export'],
          summary:
            'The opportunities list as CSV: the same filters and sort, every visible opportunity, chosen columns; lineItems=true gives one row per line item',
          description:
            'Money is a decimal in the record’s currency (`amount`), with `currency` and the minor units (`amountMinor`); reporting-currency columns say which currency they are in.',
          produces: ['text/csv'],
          querystring: opportunityExportQuerySchema,
          response: exportResponses,
        },
      },
      async (request, reply) =>
        sendCsv(
          reply,
          { type: 'opportunities', query: request.query },
          context,
          requireAuthentication(request).principal,
        ),
    );
  };
}
