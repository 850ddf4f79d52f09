import { callApi, chooseOption, daysFromToday, expect, signIn, test, typeInto } from './support.ts';

test('the stage bar refuses a gate with what it needs, closes with a reason and note, and reopens with a note', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?limit=1',
  );
  const name = `Stage bar deal ${Date.now()}`;
  const deal = await callApi<{ id: number }>(page, 'POST', '/opportunities', {
    name,
    clientId: contacts.items[0]!.clientId,
    stage: 'identify',
    amountMinor: 5_000_00,
    decisionDate: daysFromToday(100),
  });
  await page.goto(`/opportunities/${deal.id}`);
  const stages = page.getByRole('list', { name: 'Sales stages' });
  // A gate not met asks for what it needs (test/e2e/gate-panel.spec.ts fills it in); cancelling changes nothing.
  await stages.getByRole('button', { name: /^02 Validate/ }).click();
  const gate = page.getByRole('dialog', { name: 'Move to 02 Validate' });
  await expect(gate).toContainText('02 Validate needs a primary BPContact');
  await gate.getByRole('button', { name: 'Cancel' }).click();
  await expect(gate).toBeHidden();

  // A closing the deal cannot take yet says why before anyone tries, keeps the focus, explains when chosen.
  const completed = page.getByRole('button', { name: 'Completed' });
  await expect(completed).toHaveAttribute('aria-disabled', 'true');
  await expect(completed).toHaveAccessibleDescription('needs 06 Won first');
  await completed.focus();
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Completed needs to have been through 06 Won' }),
  ).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Close as Completed' })).toHaveCount(0);
  await expect(completed).toBeFocused();

  await page.getByRole('button', { name: 'Client not pursuing' }).click();
  const closing = page.getByRole('dialog', { name: 'Close as Client not pursuing' });
  // The reason comes from the stage's list; Other needs a few words of its own.
  await chooseOption(page, 'Reason', 'Other', { within: closing, search: 'Oth' });
  await typeInto(closing.getByLabel('Describe "Other"'), 'Budget frozen');
  // Its description is the closing's note: the note box is optional then, not a second required box.
  await expect(closing.getByLabel('Note (optional)')).not.toHaveAttribute('required');
  await closing.getByRole('button', { name: 'Close opportunity' }).click();
  await expect(page.getByText('Closed as Client not pursuing')).toBeVisible();
  await expect(closing).toBeHidden();

  await stages.getByRole('button', { name: /^01 Identify/ }).click();
  const reopening = page.getByRole('dialog', { name: 'Reopen in 01 Identify' });
  await expect(reopening.getByLabel('Reason')).toHaveCount(0);
  await typeInto(reopening.getByLabel('Why is it reopened?'), 'Budget came through');
  await reopening.getByRole('button', { name: 'Reopen' }).click();
  await expect(page.getByText('Reopened in 01 Identify')).toBeVisible();
  await expect
    .poll(async () => (await callApi<{ stage: string }>(page, 'GET', `/opportunities/${deal.id}`)).stage)
    .toBe('identify');
  // The refused gate is a 422 answer, which the browser itself logs as a failed resource.
  expect(consoleErrors.filter((error) => !error.includes('status of 422'))).toEqual([]);
  consoleErrors.length = 0;
});
