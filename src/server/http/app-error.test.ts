import { describe, expect, it } from 'vitest';
import { AppError, assertVersion, versionConflict } from './app-error.ts';

describe('assertVersion', () => {
  it('lets the change through when no version was sent (If-Match is optional) or it is the stored one', () => {
    const current = () => {
      throw new Error('not built when the version matches');
    };
    expect(() => assertVersion({ version: 3 }, undefined, { current })).not.toThrow();
    expect(() => assertVersion({ version: 3 }, 3, { current })).not.toThrow();
  });

  it('throws the one VERSION_CONFLICT with the version and the record as they are now', () => {
    const error = (() => {
      try {
        assertVersion({ version: 4 }, 3, { current: () => ({ id: 7, version: 4 }) });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VERSION_CONFLICT',
      message:
        'The record was changed by someone else since you loaded it; nothing was saved. Reload to see the change.',
      details: { currentVersion: 4, current: { id: 7, version: 4 } },
    });
  });

  it('takes the record’s own message; without `current` the details carry the version only', () => {
    expect(() => assertVersion({ version: 2 }, 1, { message: 'The stage was changed' })).toThrow(
      expect.objectContaining({ message: 'The stage was changed', details: { currentVersion: 2 } }),
    );
  });
});

describe('versionConflict', () => {
  it('a write that found the row moved on: the message alone', () => {
    const error = versionConflict({ message: 'The product was changed by someone else; reload it' });
    expect(error.code).toBe('VERSION_CONFLICT');
    expect(error.details).toBeUndefined();
  });
});
