import { describe, expect, it } from 'vitest';
import { parseQuarter, quarterOf, wholeDaysBetween } from './calendar.ts';

describe('calendar quarters', () => {
  it('puts each month in its calendar quarter with the quarter’s first and last day', () => {
    expect(quarterOf('2026-01-01')).toEqual({
      quarter: '2026-Q1',
      year: 2026,
      number: 1,
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(quarterOf('2026-06-30').quarter).toBe('2026-Q2');
    expect(quarterOf('2026-07-01').quarter).toBe('2026-Q3');
    expect(quarterOf('2026-12-31')).toMatchObject({
      quarter: '2026-Q4',
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(quarterOf('2028-02')).toMatchObject({ quarter: '2028-Q1', to: '2028-03-31' });
  });

  it('reads a quarter back from its name and refuses anything else', () => {
    expect(parseQuarter('2027-Q2')).toMatchObject({ from: '2027-04-01', to: '2027-06-30' });
    expect(() => parseQuarter('2027-Q5')).toThrow(RangeError);
    expect(() => quarterOf('2027-13-01')).toThrow(RangeError);
  });

  it('counts whole days, never below zero', () => {
    const now = new Date('2026-03-10T12:00:00.000Z');
    expect(wholeDaysBetween('2026-03-01T12:00:00.000Z', now)).toBe(9);
    expect(wholeDaysBetween('2026-03-09T13:00:00.000Z', now)).toBe(0);
    expect(wholeDaysBetween('2026-03-11T00:00:00.000Z', now)).toBe(0);
  });
});
