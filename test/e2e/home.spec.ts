import { callApi, expect, screenshot, signInAsNewSeller, test, todayIso } from './support.ts';

test('Home shows my pipeline, decisions due, favorites and recently viewed', async ({
  page,
  consoleErrors,
}) => {
  await signInAsNewSeller(page, 'Hana Homeowner');
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?limit=1',
  );
  const name = `Home deal ${Date.now()}`;
  const deal = await callApi<{ id: number; number: string }>(page, 'POST', '/opportunities', {
    name,
    clientId: contacts.items[0]!.clientId,
    stage: 'identify',
    amountMinor: 18_500_00,
    decisionDate: todayIso(),
  });
  await callApi(page, 'PUT', `/favorites/opportunity/${deal.id}`);
  // Opening the overview is what puts it among the recently viewed.
  await page.goto(`/opportunities/${deal.id}`);
  await expect(page.getByRole('heading', { name })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { name: /Good to see you, Hana/ })).toBeVisible();
  await expect(page.getByText('Seller at Brightpath Solutions')).toBeVisible();
  // A seller sees their own deals; choosing a wider scope is for managers and vendor staff.
  await expect(page.getByRole('radiogroup', { name: 'Whose opportunities Home shows' })).toHaveCount(0);

  const pipeline = page.getByRole('region', { name: 'My open pipeline' });
  const identify = pipeline.getByRole('row', { name: /01 Identify/ });
  await expect(identify).toBeVisible();
  await expect(pipeline.getByRole('table', { name: /amounts in USD/ })).toBeVisible();
  await expect(pipeline.getByText('Amounts in USD, the reporting currency')).toBeVisible();

  const due = page.getByRole('region', { name: /Decisions due this quarter/ });
  await expect(due.getByRole('article', { name: `${deal.number} ${name}` })).toContainText('$18,500.00');
  await expect(due.getByRole('link', { name: /Show all/ })).toHaveAttribute(
    'href',
    /decisionFrom=.*mine=true/,
  );

  await expect(page.getByRole('list', { name: 'Favorites' }).getByRole('link', { name })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Recently viewed' }).getByRole('link', { name })).toBeVisible();
  // Every record name on Home is a link to its overview.
  for (const where of [
    page.getByRole('list', { name: 'Favorites' }),
    page.getByRole('list', { name: 'Recently viewed' }),
    due.getByRole('article', { name: `${deal.number} ${name}` }),
  ]) {
    await expect(where.getByRole('link', { name })).toHaveAttribute('href', `/opportunities/${deal.id}`);
  }
  await screenshot(page, 'home-seller');

  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'home-1024');
  expect(consoleErrors).toEqual([]);
});

test('Home for someone with nothing yet says what to do in every section', async ({
  page,
  consoleErrors,
}) => {
  await signInAsNewSeller(page, 'Emil Empty', 'Meridian Distribution');
  await expect(page.getByRole('heading', { name: /Good to see you, Emil/ })).toBeVisible();
  await expect(page.getByText(/You have no open opportunities yet/)).toBeVisible();
  await expect(page.getByText(/Nothing starred yet/)).toBeVisible();
  await expect(page.getByText(/You are all caught up/)).toBeVisible();
  await screenshot(page, 'home-empty');
  expect(consoleErrors).toEqual([]);
});
