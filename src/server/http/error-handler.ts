import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, FieldError } from '../../core/errors.ts';
import { DatabaseUnavailableError } from '../db/db-errors.ts';
import { AppError, httpStatusByErrorCode } from './app-error.ts';

const databaseRetryAfterSeconds = 5;

/** Fields a caller can read but never write: naming them in a body is refused (SPEC §9.1 refusals). */
const serverManagedFields = new Set([
  'id',
  'number',
  'version',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'weightedAmountMinor',
  'ownerFirmId',
  'ownerFirmName',
  'isVendorRegistered',
  'isFavorite',
  'canEdit',
  'canDelete',
  'passStatus',
]);

type ValidationIssue = {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
};

const locationByContext: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

export function fieldErrorsOf(issues: readonly ValidationIssue[], location = 'body'): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of issues) {
    const fullPath = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    // A query or path parameter is named as the caller wrote it (`columns`, not `columns.1` of the
    // list it was split into).
    const path = location === 'body' ? fullPath : (fullPath.split('.')[0] ?? '');
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params?.keys)) {
      for (const key of issue.params.keys as unknown[]) {
        const name = String(key);
        const field = path ? `${path}.${name}` : name;
        fields.push({
          field,
          message: serverManagedFields.has(name)
            ? 'is managed by the server and cannot be set'
            : 'is not a field this request accepts',
        });
      }
      continue;
    }
    fields.push({ field: path || `(${location})`, message: issue.message ?? 'is invalid' });
  }
  return fields;
}

function send(reply: FastifyReply, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  const status = httpStatusByErrorCode[code];
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: details ? { code, message, details } : { code, message } });
}

const codeByFastifyStatus: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * One error handler writes every error body (docs/architecture.md rule 6); internals never reach
 * the caller.
 */
export function registerErrorHandling(app: FastifyInstance, webRoot: string | null): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return send(reply, error.code, error.message, error.details);
    }
    if (error instanceof DatabaseUnavailableError) {
      request.log.warn({ err: error }, 'no database connection');
      reply.header('Retry-After', String(databaseRetryAfterSeconds));
      return send(
        reply,
        'UNAVAILABLE',
        'The server is too busy to answer now; nothing was saved. Please try again in a few seconds.',
      );
    }
    if (Array.isArray((error as FastifyError).validation)) {
      const fastifyError = error as FastifyError;
      const location = locationByContext[fastifyError.validationContext ?? 'body'] ?? 'body';
      const fields = fieldErrorsOf(fastifyError.validation as ValidationIssue[], location);
      const summary = fields.map((field) => `${field.field} ${field.message}`).join('; ');
      return send(reply, 'VALIDATION_FAILED', `Invalid ${location}: ${summary}`, { in: location, fields });
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = codeByFastifyStatus[status] ?? 'VALIDATION_FAILED';
      const message = messageForClientError(error as FastifyError);
      if (status === 429) {
        return reply.code(429).send({ error: { code: 'RATE_LIMITED', message } });
      }
      return reply.code(status).send({ error: { code, message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 'INTERNAL', 'Something went wrong on our side; nothing was saved. Please try again.');
  });

  app.setNotFoundHandler((request, reply) => {
    const isPageRequest =
      webRoot !== null &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.url.startsWith('/api');
    if (isPageRequest) {
      // Every screen of the web app has its own URL; the app's router takes it from index.html.
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return send(reply, 'NOT_FOUND', `No such route: ${request.method} ${request.url.split('?')[0]}`);
  });
}

function messageForClientError(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send the body as application/json';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The Content-Length header does not match the body';
    default:
      return error.message.replace(/^FST_\w+:\s*/, '') || 'The request could not be processed';
  }
}
