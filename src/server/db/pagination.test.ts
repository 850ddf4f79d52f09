import { describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error.ts';
import { decodeCursor, encodeCursor, toPage } from './pagination.ts';

describe('keyset cursors', () => {
  it('round-trips sort values', () => {
    const cursor = encodeCursor(['Acme', 42]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 2)).toEqual(['Acme', 42]);
  });

  it('refuses a cursor of another list or of garbage as a bad cursor field', () => {
    for (const bad of ['garbage', encodeCursor(['a']), Buffer.from('{"a":1}').toString('base64url')]) {
      try {
        decodeCursor(bad, 2);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).details).toEqual({
          fields: [expect.objectContaining({ field: 'cursor' })],
        });
      }
    }
  });

  it('gives a next cursor only when there is another row', () => {
    expect(toPage([1, 2, 3], 2, String, (row) => [row])).toEqual({
      items: ['1', '2'],
      nextCursor: encodeCursor([2]),
    });
    expect(toPage([1, 2], 2, String, (row) => [row])).toEqual({ items: ['1', '2'], nextCursor: null });
  });
});
