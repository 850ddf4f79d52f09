/** Unique-constraint failures look different on each engine; callers turn them into a CONFLICT naming the field. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/**
 * No database connection could be had in time: the pool stayed busy (or PostgreSQL did not answer)
 * past its wait. The error handler answers 503 with Retry-After; nothing of the request was written.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `No database connection became free in time (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
    this.name = 'DatabaseUnavailableError';
  }
}
