import type { FastifyInstance } from 'fastify';
import { validationError } from './app-error.ts';

/** The path of the first string (or key) holding a NUL character, or null. */
export function findNulCharacter(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(body)' : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulCharacter(item, [...path, String(index)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\0')].join('.');
      const found = findNulCharacter(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * No text field takes a NUL character (PostgreSQL cannot store one, and no person types one), so it
 * is refused up front, by field, for bodies and addresses alike, the same on both engines.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (/%00/i.test(request.url)) {
      throw validationError(
        [{ field: '(query)', message: 'must not contain a NUL character' }],
        'The address contains a NUL character',
      );
    }
  });
  app.addHook('preValidation', async (request) => {
    const field = findNulCharacter(request.body);
    if (field !== null) {
      throw validationError([{ field, message: 'must not contain a NUL character' }]);
    }
  });
}
