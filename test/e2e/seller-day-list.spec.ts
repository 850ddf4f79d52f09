import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { callApi, expect, screenshot, signIn, test, typeInto } from './support.ts';

type Page_ = { items: { id: number; name: string; clientId: number; clientName: string }[]; count: number };

/** The count the list shows, as the API answers it for the same query. */
async function expectedCount(page: Page, query: string): Promise<string> {
  const answer = await callApi<Page_ & { isCountCapped: boolean }>(
    page,
    'GET',
    `/opportunities?includeCount=true&${query}`,
  );
  const number = `${answer.count.toLocaleString('en-US')}${answer.isCountCapped ? '+' : ''}`;
  return `${number} ${answer.count === 1 && !answer.isCountCapped ? 'opportunity' : 'opportunities'}`;
}

async function expectNoWiderThanScreen(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** Presses keys one after the other on the page itself (no field focused), as a person does. */
async function pressKeys(page: Page, ...keys: string[]) {
  for (const key of keys) await page.keyboard.press(key);
}

test('a seller’s list opens on “My open opportunities” with its count, and filters by owner and client as they type', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const me = await callApi<{ id: number; name: string }>(page, 'GET', '/me');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Opportunities' }).click();

  // The starting view is named, current, in the address, and counted.
  await expect(page).toHaveURL(/\/opportunities\?mine=true&status=open$/);
  const views = page.getByRole('navigation', { name: 'Views' });
  await expect(views.getByRole('link', { name: 'My open opportunities' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByTestId('match-count')).toHaveText(
    await expectedCount(page, 'mine=true&status=open'),
  );
  await expect(page.getByRole('combobox', { name: 'Owner' })).toHaveValue(me.name);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('Open');
  // Soonest decision first.
  const mine = await callApi<Page_>(page, 'GET', '/opportunities?mine=true&status=open&limit=3');
  await expect(page.getByRole('row').nth(1)).toContainText(mine.items[0]!.name);

  // All opportunities, and back again; the address says which.
  await views.getByRole('link', { name: 'All opportunities' }).click();
  await expect(page).toHaveURL(/\/opportunities\?view=all$/);
  await expect(views.getByRole('link', { name: 'All opportunities' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByTestId('match-count')).toHaveText(await expectedCount(page, ''));
  await expect(page.getByRole('combobox', { name: 'Owner' })).toHaveValue('');

  // Owner: typed key by key, applied as soon as it is picked.
  const owner = page.getByRole('combobox', { name: 'Owner' });
  await owner.click();
  await typeInto(owner, me.name.slice(0, 4));
  await page.getByRole('option', { name: me.name }).click();
  await expect(page).toHaveURL(/mine=true/);
  await expect(page.getByTestId('match-count')).toHaveText(await expectedCount(page, 'mine=true'));

  // Client: one of the seller's clients, typed key by key.
  const client = mine.items[0]!;
  const clientField = page.getByRole('combobox', { name: 'Client' });
  await clientField.click();
  await typeInto(clientField, client.clientName.slice(0, 5));
  await page.getByRole('option', { name: client.clientName, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`clientId=${client.clientId}`));
  await expect(page.getByTestId('match-count')).toHaveText(
    await expectedCount(page, `mine=true&clientId=${client.clientId}`),
  );
  await expect(page.getByRole('row').filter({ hasText: client.name })).not.toHaveCount(0);
  // Neither named view is current now; the link back is one click away.
  await expect(views.getByRole('link', { name: 'My open opportunities' })).not.toHaveAttribute(
    'aria-current',
    'page',
  );

  // The amount filter applies while typing, without leaving the field.
  await page.getByRole('button', { name: 'Advanced search' }).click();
  await typeInto(page.getByLabel(/Amount from/), '1000');
  await expect(page).toHaveURL(/amountMin=100000/);
  await expect(page.getByLabel(/Amount from/)).toBeFocused();

  // Shared as a link, the view comes back as it was.
  const url = page.url();
  await page.goto(url);
  await expect(page.getByTestId('match-count')).toHaveText(
    await expectedCount(page, `mine=true&clientId=${client.clientId}&amountMin=100000`),
  );

  // Clear leaves every filter: all opportunities, not the starting view again.
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(page).toHaveURL(/\/opportunities\?view=all$/);
  expect(consoleErrors).toEqual([]);
});

test('names and badges are never clipped, and the list fits at 1440, 1024 and 390', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto('/opportunities');
    await expect(page.getByTestId('match-count')).toHaveText(/opportunit/);
    await expect(page.getByRole(width === 390 ? 'list' : 'table', { name: 'Opportunities' })).toBeVisible();
    await expectNoWiderThanScreen(page, width);
    if (width !== 390) {
      // Names, client names, owners and stage badges wrap instead of being cut: nothing in their
      // cells is wider than its box, and every default column is in view.
      const cut = await page.evaluate(() =>
        [
          ...document.querySelectorAll(
            ['name', 'client', 'stage', 'owner']
              .map((column) => `[data-column="${column}"], [data-column="${column}"] *`)
              .join(', '),
          ),
        ]
          .filter((element) => element.scrollWidth > element.clientWidth)
          .map((element) => element.textContent),
      );
      expect(cut, `cut short at ${width}`).toEqual([]);
      for (const header of [
        'Number',
        'Opportunity',
        'Client',
        'Stage',
        'Amount',
        'Prob.',
        'Decision',
        'Owner',
      ]) {
        const box = await page.getByRole('columnheader', { name: header, exact: true }).boundingBox();
        expect(box, `${header} at ${width}`).not.toBeNull();
        expect((box?.x ?? 0) + (box?.width ?? 0), `${header} at ${width}`).toBeLessThanOrEqual(width);
      }
    }
    // Every name cut short by an ellipsis carries its full text for a pointer or a screen reader.
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll('main a, main .mantine-Badge-label')]
        .filter((element) => (element as HTMLElement).scrollWidth > (element as HTMLElement).clientWidth + 1)
        .filter((element) => {
          const full = element.textContent?.trim() ?? '';
          const title =
            element.getAttribute('title') ?? element.closest('[title]')?.getAttribute('title') ?? '';
          return title !== full;
        })
        .map((element) => element.textContent),
    );
    expect(clipped, `clipped without their full text at ${width}`).toEqual([]);
    await screenshot(page, `${width}/seller-day-list`, { fullPage: false });
  }

  // The overview's stage bar at 1024 shows each stage's whole name, wrapped inside its step.
  await page.setViewportSize({ width: 1024, height: 900 });
  const deals = await callApi<Page_>(page, 'GET', '/opportunities');
  await page.goto(`/opportunities/${deals.items[0]!.id}`);
  const bar = page.getByRole('list', { name: 'Sales stages' });
  await expect(bar.getByText(/Conditional agreement/).first()).toBeVisible();
  const cutSteps = await bar.evaluate((list) =>
    [list, ...list.querySelectorAll('*')]
      // What is only read aloud (1 px, visually hidden) is not shown, so it cannot be cut.
      .filter((element) => element.clientWidth > 1 && element.scrollWidth > element.clientWidth)
      .map((element) => element.textContent),
  );
  expect(cutSteps).toEqual([]);
  await screenshot(page, '1024/overview-stage-bar', { fullPage: false });
  expect(consoleErrors).toEqual([]);
});

test('keyboard: g o, g c, n, ? and Enter in global search', async ({ page, consoleErrors }) => {
  await signIn(page, 'seller@brightpath.example');
  await expect(page.getByRole('heading', { name: /Good to see you/ })).toBeVisible();

  await pressKeys(page, 'g', 'c');
  await expect(page).toHaveURL(/\/clients$/);
  await expect(page.getByRole('heading', { name: 'Clients', level: 1 })).toBeVisible();
  await pressKeys(page, 'n');
  await expect(page.getByRole('dialog', { name: 'New client' })).toBeVisible();
  // While typing in the dialog's field, the keys are the person's text, not shortcuts.
  await typeInto(page.getByRole('dialog').getByRole('textbox', { name: /^Name/ }), 'gone?');
  await expect(page).toHaveURL(/\/clients$/);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Typing in the list's search box is not a shortcut either.
  await typeInto(page.getByRole('textbox', { name: 'Search clients' }), 'go');
  await expect(page).toHaveURL(/\/clients\?q=go$/);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  await pressKeys(page, 'g', 'o');
  await expect(page).toHaveURL(/\/opportunities\?mine=true&status=open$/);
  await expect(page.getByTestId('match-count')).toHaveText(/opportunit/);
  await pressKeys(page, 'n');
  await expect(page).toHaveURL(/\/opportunities\/new$/);

  // The new opportunity's name field takes the focus: keys typed there are its text.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForTimeout(300);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await pressKeys(page, 'g', 'p');
  await expect(page).toHaveURL(/\/pipeline$/);
  // A modifier held: no shortcut (Ctrl+N stays the browser's).
  await page.keyboard.press('Control+g');
  await page.keyboard.press('h');
  await expect(page).toHaveURL(/\/pipeline$/);

  await pressKeys(page, 'g', 'b');
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole('button', { name: 'New BPContact' })).toBeVisible();
  await pressKeys(page, 'n');
  const newContact = page.getByRole('dialog', { name: 'New BPContact' });
  await expect(newContact).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(newContact).toHaveCount(0);

  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /Go to Opportunities/ })).toBeVisible();
  await page.waitForTimeout(300);
  await screenshot(page, 'keyboard-shortcuts', { fullPage: false });
  const violations = (
    await new AxeBuilder({ page })
      .include('[role="dialog"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze()
  ).violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(violations.map((violation) => violation.id)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Enter in global search opens the top result, typed key by key, without waiting for the list.
  const clients = await callApi<{ items: { id: number; name: string }[] }>(page, 'GET', '/clients?limit=1');
  const target = clients.items[0]!;
  const search = await callApi<{ items: { type: string; id: number }[] }>(
    page,
    'GET',
    `/search?q=${encodeURIComponent(target.name)}&limit=6`,
  );
  const top = ['client', 'contact', 'opportunity']
    .flatMap((type) => search.items.filter((hit) => hit.type === type))
    .at(0)!;
  const path = { client: '/clients', contact: '/contacts', opportunity: '/opportunities' }[top.type];
  await page.keyboard.press('Control+k');
  const box = page
    .getByRole('textbox', { name: 'Search everything' })
    .or(page.getByRole('searchbox', { name: 'Search everything' }));
  await box.first().pressSequentially(target.name);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${path}/${top.id}$`));
  expect(consoleErrors).toEqual([]);
});

test('opportunity defaults are in the Opportunities menu as well as the account menu', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  await page.getByRole('button', { name: 'Opportunities menu' }).click();
  await page.getByRole('menuitem', { name: 'Set opportunity defaults' }).click();
  await expect(page).toHaveURL(/\/settings\/defaults$/);
  await page.getByRole('button', { name: /Account menu/ }).click();
  await expect(page.getByRole('menuitem', { name: 'Set opportunity defaults' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Open navigation' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByRole('list', { name: 'Opportunities menu' })).toBeVisible();
  await drawer
    .getByRole('list', { name: 'Opportunities menu' })
    .getByRole('link', { name: 'My open opportunities' })
    .click();
  await expect(page).toHaveURL(/\/opportunities\?mine=true&status=open$/);
  expect(consoleErrors).toEqual([]);
});
