import { describe, expect, it } from 'vitest';
import { defaultStages } from '../stages.ts';
import { savedSearchQueryErrors as errorsWithCatalog } from './saved-searches.ts';

const savedSearchQueryErrors = (type: Parameters<typeof errorsWithCatalog>[0], query: string) =>
  errorsWithCatalog(type, query, defaultStages);

describe('saved search queries (SPEC §8: a URL that reproduces the view)', () => {
  it('accepts what each list takes, and an empty query', () => {
    expect(savedSearchQueryErrors('opportunity', 'stage=qualify,propose&sort=-amount&mine=true')).toEqual([]);
    expect(savedSearchQueryErrors('client', 'q=acme&country=Norway&sort=-name&limit=100')).toEqual([]);
    expect(savedSearchQueryErrors('contact', 'favorites=1&sort=email')).toEqual([]);
    expect(savedSearchQueryErrors('opportunity', '')).toEqual([]);
  });

  it('keeps the chosen columns with the view', () => {
    expect(savedSearchQueryErrors('opportunity', 'stage=qualify&cols=number,name,amount')).toEqual([]);
  });

  it('names every parameter the list would refuse', () => {
    expect(savedSearchQueryErrors('opportunity', 'stage=Qualify!&decisionFrom=tomorrow&colour=red')).toEqual([
      { field: 'query.stage', message: 'must list stage codes such as qualify,propose' },
      { field: 'query.decisionFrom', message: 'must be a date in the form YYYY-MM-DD' },
      { field: 'query.colour', message: 'is not a parameter of the opportunity list' },
    ]);
    expect(savedSearchQueryErrors('contact', 'country=Norway')).toEqual([
      { field: 'query.country', message: 'is not a parameter of the contact list' },
    ]);
  });

  it('refuses a page position and a parameter given twice', () => {
    expect(savedSearchQueryErrors('client', 'q=acme&cursor=WyJhIiwxXQ')).toEqual([
      { field: 'query.cursor', message: 'is a page position; a saved search always opens on the first page' },
    ]);
    expect(savedSearchQueryErrors('client', 'q=a&q=b').map((error) => error.field)).toEqual(['query.q']);
  });

  it('checks stage codes against the catalog, and ranges', () => {
    expect(savedSearchQueryErrors('opportunity', 'stage=qualify,nope')).toEqual([
      {
        field: 'query.stage',
        message: expect.stringMatching(/^has codes the stage catalog does not have: nope/),
      },
    ]);
    expect(
      errorsWithCatalog('opportunity', 'stage=negotiate', [...defaultStages, { code: 'negotiate' }]),
    ).toEqual([]);
    expect(savedSearchQueryErrors('opportunity', 'amountMin=500&amountMax=100')).toEqual([
      { field: 'query.amountMax', message: 'must not be less than amountMin' },
    ]);
  });
});
