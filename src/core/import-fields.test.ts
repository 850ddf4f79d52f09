import { describe, expect, it } from 'vitest';
import { datasetStageMap, normalizeKey, resolveImportMapping, resolveStageValue } from './import-fields.ts';
import { formatMinorDecimal, parseDecimalMinor } from './money.ts';
import { defaultStages } from './stages.ts';

describe('import column mapping', () => {
  it('maps headers to fields by name and alias, without case, spaces or punctuation', () => {
    const { mapping, ignored, errors } = resolveImportMapping('opportunities', [
      'opportunity_id',
      'sales_agent',
      'product',
      'account',
      'deal_stage',
      'engage_date',
      'close_date',
      'close_value',
      'Colour',
    ]);
    expect(errors).toEqual([]);
    expect(mapping).toEqual({
      opportunity_id: 'externalId',
      sales_agent: 'owner',
      product: 'product',
      account: 'client',
      deal_stage: 'stage',
      engage_date: 'createdDate',
      close_date: 'closedDate',
      close_value: 'amount',
    });
    expect(ignored).toEqual(['Colour']);
  });

  it('prefers the earlier alias when two columns could feed one field', () => {
    const { mapping } = resolveImportMapping('opportunities', ['clientName', 'Client Number', 'name']);
    expect(mapping).toEqual({ 'Client Number': 'client', name: 'name' });
  });

  it('lets the caller map and leave out columns, and names what is wrong with a mapping', () => {
    const given = resolveImportMapping('clients', ['Firma', 'Land', 'name'], {
      Firma: 'name',
      name: null,
      land: 'country',
    });
    expect(given.errors).toEqual([]);
    expect(given.mapping).toEqual({ Firma: 'name', Land: 'country' });
    const wrong = resolveImportMapping('clients', ['Firma'], { Firma: 'colour', Nope: 'name' });
    expect(wrong.errors.map((error) => error.field)).toEqual(['mapping.Firma', 'mapping.Nope', 'mapping']);
  });

  it('needs the required fields mapped', () => {
    expect(resolveImportMapping('contacts', ['email']).errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/no column maps to client/),
      expect.stringMatching(/lastName or fullName/),
    ]);
  });

  it('compares names as the data set spells them', () => {
    expect(normalizeKey('GTX Pro')).toBe(normalizeKey('GTXPro'));
    expect(normalizeKey('Zürich')).toBe('zurich');
  });
});

describe('stage values of a file', () => {
  it('reads codes and labels, with or without their number', () => {
    for (const value of ['qualify', 'QUALIFY', '03 Qualify', 'Qualify']) {
      expect(resolveStageValue(defaultStages, value, {})).toMatchObject({ stage: { code: 'qualify' } });
    }
    expect(resolveStageValue(defaultStages, 'Sleeping', {})).toMatchObject({
      error: expect.stringMatching(/not a stage/),
    });
  });

  it('maps the data set’s four deal stages, closings from their open stage', () => {
    const read = (value: string) => {
      const target = resolveStageValue(defaultStages, value, datasetStageMap);
      if ('error' in target) throw new Error(target.error);
      return [target.openStage?.code ?? null, target.stage.code];
    };
    expect(read('Prospecting')).toEqual([null, 'identify']);
    expect(read('Engaging')).toEqual([null, 'validate']);
    expect(read('Won')).toEqual(['won', 'completed']);
    expect(read('Lost')).toEqual(['validate', 'lost']);
  });
});

describe('amounts in files', () => {
  it('reads decimals into minor units exactly, per currency exponent', () => {
    expect(parseDecimalMinor('1054', 2)).toBe(105400);
    expect(parseDecimalMinor('1,054.5', 2)).toBe(105450);
    expect(parseDecimalMinor('0.10', 2)).toBe(10);
    expect(parseDecimalMinor('4821', 0)).toBe(4821);
    expect(parseDecimalMinor('1.005', 2)).toBeNull();
    expect(parseDecimalMinor('-3', 2)).toBeNull();
    expect(parseDecimalMinor('12,34', 2)).toBeNull();
  });

  it('writes minor units as decimals', () => {
    expect(formatMinorDecimal(105400, 2)).toBe('1054.00');
    expect(formatMinorDecimal(5, 2)).toBe('0.05');
    expect(formatMinorDecimal(4821, 0)).toBe('4821');
    expect(formatMinorDecimal(1234567, 3)).toBe('1234.567');
  });
});
