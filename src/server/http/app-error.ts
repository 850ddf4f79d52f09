import type { ErrorCode, FieldError } from '../../core/errors.ts';

/** The one error type services throw; the error handler turns it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

/** Exhaustive: a new error code does not compile until it has a status (docs/architecture.md rule 6). */
export const httpStatusByErrorCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  GATE_NOT_MET: 422,
  CLOSING_REQUIREMENT: 422,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export function validationError(fields: FieldError[], message?: string): AppError {
  const summary =
    message ?? `Invalid ${fields.map((field) => field.field).join(', ')}: ${fields[0]?.message ?? ''}`;
  return new AppError('VALIDATION_FAILED', summary, { fields });
}

/**
 * A computed amount (a line, a deal's total, its value in the reporting currency) that would pass
 * the largest amount stored (SPEC §4): 422 naming the fields that make it, nothing written.
 */
export function amountOutOfBounds(fields: readonly string[], message: string): AppError {
  return new AppError('UNPROCESSABLE', `${fields.join(', ')}: ${message}`, {
    fields: fields.map((field) => ({ field, message })),
  });
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

export function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', message);
}

const recordChanged =
  'The record was changed by someone else since you loaded it; nothing was saved. Reload to see the change.';

/** What a stale change is told (SPEC §9.1): the message, and what `details` carries. */
export type VersionConflictAnswer = {
  /** Defaults to the generic "The record was changed by someone else…". */
  message?: string;
  /** The version the record is at now; without it the answer carries no details. */
  currentVersion?: number;
  /** The record as it is now, so the form can rebase on it; omitted, details carry the version only. */
  current?: unknown;
};

/** The one 409 `VERSION_CONFLICT` every record answers when the caller's version is not the stored one. */
export function versionConflict(answer: VersionConflictAnswer = {}): AppError {
  const { message = recordChanged, currentVersion, current } = answer;
  if (currentVersion === undefined) return new AppError('VERSION_CONFLICT', message);
  return new AppError(
    'VERSION_CONFLICT',
    message,
    current === undefined ? { currentVersion } : { currentVersion, current },
  );
}

/**
 * The version check of "load it, check access, check the version": the caller's `If-Match`
 * (`expectedVersion`, undefined when not sent: last write wins) against the record as loaded.
 * `conflict` says what a stale caller is told; `current` is built only when the check fails.
 */
export function assertVersion(
  record: { version: number },
  expectedVersion: number | undefined,
  conflict: { message?: string; current?: () => unknown } = {},
): void {
  if (expectedVersion === undefined || expectedVersion === record.version) return;
  throw versionConflict({
    ...(conflict.message !== undefined && { message: conflict.message }),
    currentVersion: record.version,
    ...(conflict.current !== undefined && { current: conflict.current() }),
  });
}
