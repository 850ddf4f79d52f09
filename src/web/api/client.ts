import type { z } from 'zod';
import { type ErrorBody, errorBodySchema, type FieldError } from '../../core/errors.ts';

/** An error answer of the API, with the fields it names (SPEC §9 error shape). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, body: ErrorBody['error']) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }

  /** Field name → message, for showing next to form inputs. */
  get fieldErrors(): Record<string, string> {
    const fields = (this.details?.fields ?? []) as FieldError[];
    const messages: Record<string, string> = {};
    // The first complaint about a field is the one that explains it ("must be a number" before "must be above zero").
    for (const field of fields) messages[field.field] ??= field.message;
    return messages;
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, echoed on every change the browser makes with the session cookie. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The error an API answer carries, or a generic one when the answer is not the API's. */
export function apiErrorFrom(status: number, json: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(json);
  return new ApiError(
    status,
    parsed.success ? parsed.data.error : { code: 'INTERNAL', message: `The server answered ${status}` },
  );
}

/** The header a change sent outside `request` (an upload with progress) must carry. */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export type RequestOptions = {
  body?: unknown;
  query?: Query;
  /** The ETag (version) the user edited; a stale one makes the server refuse with 409. */
  ifMatch?: number;
  signal?: AbortSignal;
};

export type ApiResult<T> = { data: T; etag: string | null };

/** The one way the web app talks to the server: same API, same schemas as integrations. */
export async function request<T extends z.ZodType>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  schema: T | null,
  options: RequestOptions = {},
): Promise<ApiResult<z.infer<T>>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  const response = await fetch(`/api/v1${path}${toQueryString(options.query)}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    ...(options.signal && { signal: options.signal }),
  });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) throw apiErrorFrom(response.status, json);
  return { data: (schema ? schema.parse(json) : json) as z.infer<T>, etag: response.headers.get('etag') };
}

export const api = {
  get: <T extends z.ZodType>(path: string, schema: T, options?: RequestOptions) =>
    request('GET', path, schema, options).then((result) => result.data),
  post: <T extends z.ZodType>(path: string, schema: T | null, body?: unknown, options?: RequestOptions) =>
    request('POST', path, schema, { ...options, body: body ?? {} }).then((result) => result.data),
  patch: <T extends z.ZodType>(path: string, schema: T, body: unknown, options?: RequestOptions) =>
    request('PATCH', path, schema, { ...options, body }).then((result) => result.data),
  put: <T extends z.ZodType>(path: string, schema: T | null, body?: unknown, options?: RequestOptions) =>
    request('PUT', path, schema, { ...options, ...(body !== undefined && { body }) }).then(
      (result) => result.data,
    ),
  delete: (path: string, options?: RequestOptions) =>
    request('DELETE', path, null, options).then(() => undefined),
};
