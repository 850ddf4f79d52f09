import {
  callApi,
  chooseOption,
  daysFromToday,
  expect,
  screenshot,
  signIn,
  test,
  typeInto,
} from './support.ts';

test('a vendor rep passes an opportunity and the partner’s manager accepts it from Home, choosing the owner', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'rep@helio.example');
  const clients = await callApi<{ items: { id: number }[] }>(page, 'GET', '/clients?limit=1');
  const name = `Passed lead ${Date.now()}`;
  const created = await callApi<{ id: number; number: string }>(page, 'POST', '/opportunities', {
    name,
    clientId: clients.items[0]!.id,
    amountMinor: 75_000_00,
    decisionDate: daysFromToday(100),
  });
  // The rep passes it from the overview.
  await page.goto(`/opportunities/${created.id}`);
  await page.getByRole('button', { name: 'Pass to a partner…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pass to a partner' });
  await chooseOption(page, 'Partner firm', 'Brightpath Solutions', { within: dialog });
  await typeInto(dialog.getByLabel('Note for the partner’s managers'), 'Met them at the vendor summit');
  await screenshot(page, 'pass-1-dialog');
  await dialog.getByRole('button', { name: 'Pass', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passed to Brightpath Solutions' })).toBeVisible();
  await expect(page.getByText('Waiting for a manager of Brightpath Solutions to accept it.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pass to a partner…' })).toHaveCount(0);

  // Leave the app before dropping the session, so no request of the rep's Home is cut off with a 401.
  await page.goto('about:blank');
  await page.context().clearCookies();
  await signIn(page, 'manager@brightpath.example');
  const inbox = page.getByRole('region', { name: 'Passed inbox' });
  const item = inbox.getByRole('article', { name: `${created.number} ${name}` });
  await expect(item).toContainText('Passed by Rafael Ortiz');
  await expect(item).toContainText('Met them at the vendor summit');
  const notifications = page.getByRole('region', { name: 'Notifications' });
  const notice = notifications.getByRole('listitem').filter({ hasText: `${created.number} ${name}` });
  await expect(notice).toContainText('was passed to Brightpath Solutions');
  await page
    .getByRole('radiogroup', { name: 'Whose opportunities Home shows' })
    .getByText('Everything I can see')
    .click();
  await expect(page.getByRole('region', { name: 'Open pipeline I can see' })).toBeVisible();
  await expect(page).toHaveURL(/scope=visible/);
  await screenshot(page, 'home-manager');

  await typeInto(item.getByLabel(`Owner of ${created.number} ${name} when accepted`), 'Marco');
  await page.getByRole('option', { name: 'Marco Lindgren' }).click();
  await item.getByRole('button', { name: `Accept ${created.number} ${name}` }).click();
  await expect(
    page.getByText(`Accepted ${created.number} ${name}; Marco Lindgren owns it now`),
  ).toBeVisible();
  await expect(item).toHaveCount(0);
  const accepted = await callApi<{ passStatus: string; ownerName: string; ownerFirmName: string }>(
    page,
    'GET',
    `/opportunities/${created.id}`,
  );
  expect(accepted).toMatchObject({
    passStatus: 'accepted',
    ownerName: 'Marco Lindgren',
    ownerFirmName: 'Brightpath Solutions',
  });

  await notice.getByRole('button', { name: /^Mark read:/ }).click();
  await expect(notice).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
