import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../api/client.ts';
import { rebaseValues, versionConflictOf } from './version-conflict.ts';

const firmSchema = z.object({ name: z.string(), isAuthorized: z.boolean(), version: z.number() });
type Firm = z.infer<typeof firmSchema>;
const started: Firm = { name: 'Northwind', isAuthorized: true, version: 3 };

function conflict(current: unknown): ApiError {
  return new ApiError(409, {
    code: 'VERSION_CONFLICT',
    message: 'The record was changed by someone else',
    details: { currentVersion: 4, current },
  });
}

describe('rebaseValues', () => {
  it('keeps what the user changed and takes everything else from the other version', () => {
    type Values = { name: string; isAuthorized: boolean; distributor: string | null };
    const mine: Values = { name: 'Northwind Partners', isAuthorized: true, distributor: null };
    const startedFrom: Values = { name: 'Northwind', isAuthorized: true, distributor: null };
    const theirs: Values = { name: 'Northwind', isAuthorized: false, distributor: 'Meridian' };
    expect(rebaseValues(mine, startedFrom, theirs)).toEqual({
      name: 'Northwind Partners',
      isAuthorized: false,
      distributor: 'Meridian',
    });
  });

  it('compares lists by content, so an untouched list takes the other version', () => {
    const mine = { team: [1, 2] };
    expect(rebaseValues(mine, { team: [1, 2] }, { team: [1, 2, 3] })).toEqual({ team: [1, 2, 3] });
  });
});

describe('versionConflictOf', () => {
  it('reads the current record of a 409 and names what differs from the version the user started from', () => {
    const found = versionConflictOf(
      conflict({ name: 'Northwind', isAuthorized: false, version: 4 }),
      firmSchema,
      started,
      { name: 'Name', isAuthorized: 'Authorized' },
      (_key, value) => (value === false ? 'no' : String(value)),
    );
    expect(found).toEqual({
      current: { name: 'Northwind', isAuthorized: false, version: 4 },
      changes: ['Authorized: no'],
    });
  });

  it('is null for any other error', () => {
    const refusal = new ApiError(400, { code: 'VALIDATION_FAILED', message: 'Invalid name' });
    expect(versionConflictOf(refusal, firmSchema, started, { name: 'Name' })).toBeNull();
    expect(versionConflictOf(new Error('offline'), firmSchema, started, { name: 'Name' })).toBeNull();
  });

  it('still reports the conflict when the answer does not carry the current record', () => {
    expect(versionConflictOf(conflict(undefined), firmSchema, started, { name: 'Name' })).toEqual({
      current: null,
      changes: [],
    });
  });
});

describe('ApiError.fieldErrors', () => {
  it('keeps the first message of a field the server names twice', () => {
    const error = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: 'Invalid body',
      details: {
        fields: [
          { field: 'rate', message: 'must be a positive decimal number such as 1.0823' },
          { field: 'rate', message: 'must be above zero' },
          { field: 'effectiveDate', message: 'must be a date in the form YYYY-MM-DD' },
        ],
      },
    });
    expect(error.fieldErrors).toEqual({
      rate: 'must be a positive decimal number such as 1.0823',
      effectiveDate: 'must be a date in the form YYYY-MM-DD',
    });
  });
});
