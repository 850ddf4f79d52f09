import { callApi, daysFromToday, expect, screenshot, signIn, test, typeInto } from './support.ts';

test('the reports page draws its charts, each with a heading and its figures as a table', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?limit=1',
  );
  const contact = contacts.items[0]!;
  const stamp = Date.now();
  const open = await callApi<{ id: number; version: number }>(page, 'POST', '/opportunities', {
    name: `Report open ${stamp}`,
    clientId: contact.clientId,
    primaryContactId: contact.id,
    stage: 'identify',
    amountMinor: 120_000_00,
    decisionDate: daysFromToday(100),
  });
  await callApi(page, 'POST', `/opportunities/${open.id}/stage`, { stage: 'validate' });
  const lost = await callApi<{ id: number }>(page, 'POST', '/opportunities', {
    name: `Report lost ${stamp}`,
    clientId: contact.clientId,
    stage: 'identify',
    amountMinor: 30_000_00,
    decisionDate: daysFromToday(100),
  });
  await callApi(page, 'POST', `/opportunities/${lost.id}/stage`, {
    stage: 'lost',
    competitor: 'Northwind Systems',
    note: 'Lost on price',
  });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  const reports = [
    'Weighted pipeline by quarter',
    'Pipeline by stage',
    'Win/loss by close reason',
    'Win/loss by last open stage',
    'Time in stage',
  ];
  for (const title of reports) {
    const region = page.getByRole('region', { name: title });
    await expect(region.getByRole('heading', { name: title })).toBeVisible();
    if (title !== 'Time in stage') await expect(region.locator('svg.recharts-surface').first()).toBeVisible();
  }
  // A stay ends with the next stage change: the move to 02 Validate finished one in 01 Identify.
  await expect(
    page.getByRole('region', { name: 'Time in stage' }).locator('svg.recharts-surface').first(),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pipeline by stage' })).toContainText(
    'Amounts in USD, the reporting currency.',
  );

  const quarters = page.getByRole('region', { name: 'Weighted pipeline by quarter' });
  await quarters.getByRole('button', { name: 'Show as table' }).click();
  const table = quarters.getByRole('table', { name: 'Weighted pipeline by quarter' });
  await expect(table.getByRole('columnheader', { name: 'Weighted (USD)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Win/loss by close reason' })).toContainText(
    'By number of deals',
  );
  await expect(page.getByText(/Lost \d+/).first()).toBeVisible();
  await screenshot(page, 'reports');

  await page.getByRole('combobox', { name: 'Show amounts in' }).click();
  await page.getByRole('option', { name: /^EUR/ }).click();
  await expect(page).toHaveURL(/displayCurrency=EUR/);
  await expect(page.getByRole('region', { name: 'Pipeline by stage' })).toContainText(
    /Amounts in EUR, converted from USD at today’s rate/,
  );
  await expect(table.getByRole('columnheader', { name: 'Weighted (EUR)' })).toBeVisible();

  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'reports-1024');

  // The win/loss period: nothing closes in the future, so a period starting in 100 days is empty.
  const closedFrom = daysFromToday(100);
  await typeInto(page.getByRole('textbox', { name: 'Closed from' }), closedFrom);
  await page.getByRole('textbox', { name: 'Closed from' }).press('Tab');
  await expect(page).toHaveURL(new RegExp(`closedFrom=${closedFrom}`));
  await expect(page.getByRole('region', { name: 'Win/loss by close reason' })).toContainText(
    'No deal was won or lost in this period.',
  );
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'reports-empty-period');
  expect(consoleErrors).toEqual([]);
});
