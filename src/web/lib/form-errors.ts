import { ApiError } from '../api/client.ts';

/** The API names each failing field; forms show the message next to the input it belongs to. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors : {};
}

/** The message for errors no input shows (e.g. a conflict, or a field the form does not have). */
export function generalErrorOf(error: unknown, shownFields: readonly string[]): string | null {
  if (!error) return null;
  if (!(error instanceof ApiError)) return 'Could not reach the server; nothing was saved. Try again.';
  const fields = Object.keys(error.fieldErrors);
  if (fields.length > 0 && fields.every((field) => shownFields.includes(field))) return null;
  return error.message;
}

/**
 * A refusal made before sending, shaped as the API's 400 so the form shows it on the field as it
 * would the server's (e.g. an amount core's parser cannot read).
 */
export function fieldRefusal(field: string, message: string): ApiError {
  return new ApiError(400, {
    code: 'VALIDATION_FAILED',
    message: `${field} ${message}`,
    details: { fields: [{ field, message }] },
  });
}
