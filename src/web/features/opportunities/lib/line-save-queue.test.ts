import { describe, expect, it } from 'vitest';
import { type LineDraft, type LineSaveHooks, LineSaveQueue, type SaveFailure } from './line-save-queue.ts';

type Call = { method: 'POST' | 'PATCH' | 'DELETE'; draft: LineDraft; answer: (result: unknown) => void };

/** A server the test answers by hand, so requests can be held in flight while the person types on. */
function setUp() {
  const calls: Call[] = [];
  const lines = new Map<number, LineDraft>();
  let nextId = 1;
  const failures: SaveFailure[] = [];
  const request = (method: Call['method'], draft: LineDraft) =>
    new Promise<unknown>((resolve, reject) => {
      calls.push({
        method,
        draft,
        answer: (result) => (result instanceof Error ? reject(result) : resolve(result)),
      });
    });
  /** Answers the oldest open call as the server would: stores the line, tidies its price. */
  const answerNext = async (failure?: { error: Error; as: SaveFailure }) => {
    const call = calls.shift();
    if (!call) throw new Error('no request in flight');
    if (failure) {
      failures.push(failure.as);
      call.answer(failure.error);
    } else if (call.method === 'DELETE') {
      lines.delete(call.draft.id as number);
      call.answer(undefined);
    } else {
      const id = call.draft.id ?? nextId++;
      const version = (lines.get(id)?.version ?? 0) + 1;
      const stored = { ...call.draft, id, version, unitPrice: tidy(call.draft.unitPrice) };
      lines.set(id, stored);
      call.answer(stored);
    }
    await settle();
    return call;
  };
  const hooks: LineSaveHooks = {
    bodyOf: ({ key: _key, id: _id, version: _version, ...content }) => ({
      ...content,
      unitPrice: tidy(content.unitPrice),
    }),
    canSend: (draft) => draft.description !== '' && !Number.isNaN(Number(draft.unitPrice || 0)),
    create: (draft) => request('POST', draft) as Promise<LineDraft>,
    update: (draft) => request('PATCH', draft) as Promise<LineDraft>,
    remove: (draft) => request('DELETE', draft) as Promise<void>,
    onSaved: () => undefined,
    onSaveFailed: () => failures.shift() ?? { kind: 'failed' },
    onRemoved: () => undefined,
    onRemoveFailed: () => undefined,
  };
  const queue = new LineSaveQueue(
    () => hooks,
    () => undefined,
  );
  return { queue, calls, lines, answerNext };
}

/** The server writes prices with two decimals. */
function tidy(price: string): string {
  return price === '' || Number.isNaN(Number(price)) ? price : Number(price).toFixed(2);
}

async function settle() {
  for (let round = 0; round < 10; round += 1) await Promise.resolve();
}

let counter = 0;
function blank(): LineDraft {
  counter += 1;
  return {
    key: `new-${counter}`,
    id: null,
    version: 0,
    productId: null,
    description: '',
    quantity: '1',
    unitPrice: '',
    discount: '0',
    amount: '',
    decisionDate: '2030-01-31',
    outcome: 'open',
  };
}

function type(queue: LineSaveQueue, key: string, change: Partial<LineDraft>) {
  queue.edit(key, (draft) => ({ ...draft, ...change }));
}

describe('LineSaveQueue', () => {
  it('saves a price typed while the line is first added, as a change of the added line', async () => {
    const { queue, calls, lines, answerNext } = setUp();
    const line = blank();
    queue.add([line]);
    type(queue, line.key, { description: 'Servers' });
    queue.save(line.key);
    await settle();
    expect(calls.map((call) => call.method)).toEqual(['POST']);

    // The POST is in flight: quantity and price are typed and their fields left.
    type(queue, line.key, { quantity: '2' });
    queue.save(line.key);
    type(queue, line.key, { unitPrice: '1500' });
    queue.save(line.key);
    expect(calls).toHaveLength(1);

    await answerNext();
    // One request at a time: the next one changes the line the POST added, at its version.
    expect(calls.map((call) => [call.method, call.draft.id, call.draft.version])).toEqual([['PATCH', 1, 1]]);
    expect(calls[0]?.draft).toMatchObject({ description: 'Servers', quantity: '2', unitPrice: '1500' });
    await answerNext();
    expect([...lines.values()]).toMatchObject([{ id: 1, quantity: '2', unitPrice: '1500.00' }]);
    expect(queue.hasUnsaved()).toBe(false);
    expect(queue.rows()).toMatchObject([{ key: line.key, id: 1, version: 2, unitPrice: '1500.00' }]);
  });

  it('puts the answer under what was typed after the request went, and sends nothing unasked', async () => {
    const { queue, calls, answerNext } = setUp();
    const line = blank();
    queue.add([line]);
    type(queue, line.key, { description: 'Storage', unitPrice: '999.5' });
    queue.save(line.key);
    await settle();
    // Typed while the POST is in flight, the field not yet left.
    type(queue, line.key, { quantity: '3' });
    await answerNext();
    expect(queue.draftOf(line.key)).toMatchObject({ id: 1, version: 1, unitPrice: '999.50', quantity: '3' });
    expect(calls).toHaveLength(0);
    expect(queue.hasUnsaved()).toBe(true);
    queue.save(line.key);
    await settle();
    expect(calls.map((call) => [call.method, call.draft.quantity])).toEqual([['PATCH', '3']]);
  });

  it('adds new lines one after another, in the order they were made', async () => {
    const { queue, calls, lines, answerNext } = setUp();
    const first = blank();
    const second = blank();
    const third = blank();
    queue.add([first, second, third]);
    for (const [line, description] of [
      [first, 'One'],
      [second, 'Two'],
      [third, 'Three'],
    ] as const) {
      type(queue, line.key, { description });
      queue.save(line.key);
      type(queue, line.key, { unitPrice: String(description.length * 100) });
      queue.save(line.key);
    }
    await settle();
    expect(calls.map((call) => call.draft.description)).toEqual(['One']);
    while (calls.length > 0) await answerNext();
    expect([...lines.values()].map((line) => [line.id, line.description, line.unitPrice])).toEqual([
      [1, 'One', '300.00'],
      [2, 'Two', '300.00'],
      [3, 'Three', '500.00'],
    ]);
    expect(queue.rows().map((row) => row.key)).toEqual([first.key, second.key, third.key]);
    expect(queue.hasUnsaved()).toBe(false);
  });

  it('keeps what was typed on the other version after a conflict and saves it when asked', async () => {
    const { queue, calls, answerNext } = setUp();
    const server: LineDraft = { ...blank(), key: 'line-7', id: 7, version: 4, description: 'Array' };
    queue.syncServer([server]);
    type(queue, 'line-7', { quantity: '5' });
    queue.save('line-7');
    await settle();
    const theirs = { ...server, version: 5, description: 'Array (renewed)' };
    await answerNext({ error: new Error('409'), as: { kind: 'conflict', current: theirs } });
    expect(queue.draftOf('line-7')).toMatchObject({
      version: 5,
      quantity: '5',
      description: 'Array (renewed)',
    });
    expect(calls).toHaveLength(0);
    expect(queue.hasUnsaved()).toBe(true);
    queue.save('line-7');
    await settle();
    expect(calls.map((call) => [call.method, call.draft.version, call.draft.quantity])).toEqual([
      ['PATCH', 5, '5'],
    ]);
  });

  it('does not send again what the server refused until the line changes', async () => {
    const { queue, calls, answerNext } = setUp();
    const line = blank();
    queue.add([line]);
    type(queue, line.key, { description: 'Servers', quantity: '0' });
    queue.save(line.key);
    await settle();
    await answerNext({ error: new Error('400'), as: { kind: 'refused' } });
    queue.save(line.key);
    await settle();
    expect(calls).toHaveLength(0);
    type(queue, line.key, { quantity: '1' });
    queue.save(line.key);
    await settle();
    expect(calls.map((call) => call.method)).toEqual(['POST']);
  });

  it('removes a line whose first save is in flight once the server has added it', async () => {
    const { queue, calls, lines, answerNext } = setUp();
    const line = blank();
    queue.add([line]);
    type(queue, line.key, { description: 'Mistake' });
    queue.save(line.key);
    await settle();
    queue.remove(line.key);
    expect(queue.rows()).toEqual([]);
    await answerNext();
    expect(calls.map((call) => [call.method, call.draft.id])).toEqual([['DELETE', 1]]);
    await answerNext();
    expect(lines.size).toBe(0);
  });

  it('keeps a saved new line in its place, under its own key, once the server lists it', async () => {
    const { queue, answerNext } = setUp();
    const existing: LineDraft = { ...blank(), key: 'line-9', id: 9, version: 1, description: 'Old' };
    queue.syncServer([existing]);
    const line = blank();
    queue.add([line]);
    type(queue, line.key, { description: 'New' });
    queue.save(line.key);
    await settle();
    await answerNext();
    queue.syncServer([existing, { ...(queue.draftOf(line.key) as LineDraft), key: 'line-1' }]);
    expect(queue.rows().map((row) => row.key)).toEqual(['line-9', line.key]);
  });
});
