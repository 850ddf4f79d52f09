import type { Locator, Page } from '@playwright/test';
import { callApi, daysFromToday, expect, screenshot, signIn, test, typeInto, unique } from './support.ts';

/** A phone held upright, touched rather than clicked. */
const phone = { width: 390, height: 844 };
test.use({ viewport: phone, hasTouch: true });

/** Nothing on the page is wider than the screen: no sideways scrolling of the page itself. */
async function expectNoWiderThanScreen(page: Page, width = phone.width) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), {
      message: `the page at ${page.url()} is no wider than ${width} px`,
    })
    .toBeLessThanOrEqual(width);
}

/** A control a thumb can hit: at least 40 × 40 px. */
async function expectTouchTarget(target: Locator) {
  const box = await target.boundingBox();
  expect(box, 'the target is on screen').not.toBeNull();
  expect(box?.height, 'its height').toBeGreaterThanOrEqual(40);
  expect(box?.width, 'its width').toBeGreaterThanOrEqual(40);
}

/** Marks the page, to tell an in-app navigation (the mark stays) from a reload (it is gone). */
async function markPage(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { inAppMark: boolean }).inAppMark = true;
  });
}

async function expectSamePage(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { inAppMark?: boolean }).inAppMark)).toBe(true);
}

/** A deal of the signed-in seller, with a contact and client, for the screens to show. */
async function createDeal(page: Page, name: string) {
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?q=tessa',
  );
  const contact = contacts.items[0]!;
  return callApi<{ id: number; number: string }>(page, 'POST', '/opportunities', {
    name,
    clientId: contact.clientId,
    primaryContactId: contact.id,
    stage: 'identify',
    amountMinor: 64_250_00,
    decisionDate: daysFromToday(100),
  });
}

test('on a phone, Home, the lists and the overviews fit the screen', async ({ page, consoleErrors }) => {
  await signIn(page, 'seller@brightpath.example');
  const name = `Phone fit deal ${unique()}`;
  const deal = await createDeal(page, name);

  await page.goto('/');
  await expect(page.getByRole('heading', { name: /Good to see you/ })).toBeVisible();
  await expect(page.getByRole('list', { name: /Open pipeline by stage/ })).toBeVisible();
  await expectNoWiderThanScreen(page);
  await screenshot(page, 'phone-home');

  for (const [path, title] of [
    ['/opportunities', 'Opportunities'],
    ['/clients', 'Clients'],
    ['/contacts', 'BPContacts'],
  ] as const) {
    await page.goto(path);
    // A phone lists records as cards, not as a table wider than the screen.
    const cards = page.getByRole('list', { name: title });
    await expect(cards.getByRole('listitem').first()).toBeVisible();
    await expect(page.getByRole('table', { name: title })).toHaveCount(0);
    await expectNoWiderThanScreen(page);
    await screenshot(page, `phone-list-${path.slice(1)}`, { fullPage: false });
  }

  await page.goto(`/opportunities/${deal.id}`);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  // The line items (as cards on a phone, rather than a grid wider than the screen).
  await expect(page.getByRole('region', { name: /^Line items/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Line items' })).toHaveCount(0);
  await expectNoWiderThanScreen(page);
  await screenshot(page, 'phone-opportunity');

  await page.getByRole('link', { name: 'Acme Corporation' }).first().click();
  await expect(page.getByRole('heading', { name: 'Acme Corporation' })).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'Related opportunities' }).getByRole('link').first(),
  ).toBeVisible();
  await expectNoWiderThanScreen(page);
  expect(consoleErrors).toEqual([]);
});

test('on a phone, the menu button opens the navigation: every destination, search and signing out by tapping', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const menuButton = page.getByRole('banner').getByRole('button', { name: 'Open navigation' });
  await expectTouchTarget(menuButton);
  // The top navigation of wide screens is not squeezed into the header.
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  await menuButton.tap();
  const drawer = page.getByRole('dialog');
  const navigation = drawer.getByRole('navigation', { name: 'Main' });
  for (const destination of ['Home', 'Clients', 'BPContacts', 'Opportunities', 'Pipeline', 'Reports']) {
    await expect(navigation.getByRole('link', { name: destination, exact: true })).toBeVisible();
    await expectTouchTarget(navigation.getByRole('link', { name: destination, exact: true }));
  }
  await expectTouchTarget(drawer.getByRole('button', { name: 'Sign out' }));
  await screenshot(page, 'phone-navigation', { fullPage: false });

  await navigation.getByRole('link', { name: 'Opportunities', exact: true }).tap();
  await expect(page).toHaveURL(/\/opportunities(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Opportunities' })).toBeVisible();
  await expect(drawer).toHaveCount(0);

  await menuButton.tap();
  await navigation.getByRole('link', { name: 'Pipeline', exact: true }).tap();
  await expect(page.getByRole('heading', { name: 'Pipeline board' })).toBeVisible();

  await menuButton.tap();
  await navigation.getByRole('link', { name: 'Reports' }).tap();
  await expect(page.getByRole('heading', { name: 'Reports', exact: true })).toBeVisible();
  await expectNoWiderThanScreen(page);

  // From the keyboard too: the drawer takes the focus, Escape closes it and gives the focus back.
  await menuButton.focus();
  await page.keyboard.press('Enter');
  await expect(navigation).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(drawer.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(menuButton).toBeFocused();

  // Global search: a result is a link to the record, and a tap opens it.
  const searchButton = page.getByRole('banner').getByRole('button', { name: 'Search everything' });
  await expectTouchTarget(searchButton);
  await searchButton.tap();
  await typeInto(page.getByRole('textbox', { name: 'Search everything' }), 'Acme Corp');
  const result = page.getByRole('link', { name: /^Acme Corporation/ }).first();
  await expect(result).toHaveAttribute('href', /^\/clients\/\d+$/);
  await screenshot(page, 'phone-search', { fullPage: false });
  await result.tap();
  await expect(page).toHaveURL(/\/clients\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Acme Corporation' })).toBeVisible();

  await menuButton.tap();
  await drawer.getByRole('button', { name: 'Sign out' }).tap();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(consoleErrors).toEqual([]);
});

test('on a phone, a record’s name in a list is a link to its overview, and a tap opens it in the app', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const name = `Phone link deal ${unique()}`;
  const deal = await createDeal(page, name);
  await page.goto(`/opportunities?q=${encodeURIComponent(name)}`);
  const link = page.getByRole('list', { name: 'Opportunities' }).getByRole('link', { name });
  await expect(link).toHaveAttribute('href', `/opportunities/${deal.id}`);
  await markPage(page);
  await link.tap();
  await expect(page).toHaveURL(new RegExp(`/opportunities/${deal.id}$`));
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expectSamePage(page);

  // A dialog takes the whole screen.
  await page.goto('/clients');
  await page.getByRole('button', { name: 'New client' }).tap();
  const dialog = page.getByRole('dialog', { name: 'New client' });
  await expect(dialog).toBeVisible();
  await expect.poll(async () => (await dialog.boundingBox())?.width).toBe(phone.width);
  await expect.poll(async () => (await dialog.boundingBox())?.height).toBe(phone.height);
  await screenshot(page, 'phone-dialog', { fullPage: false });
  expect(consoleErrors).toEqual([]);
});

test('on a phone, the board shows one stage at a time, with a switcher', async ({ page, consoleErrors }) => {
  await signIn(page, 'seller@brightpath.example');
  await page.goto('/pipeline');
  await expect(page.getByRole('heading', { name: 'Pipeline board' })).toBeVisible();
  const board = page.getByRole('region', { name: 'Stages' });
  const columns = board.locator('section[aria-labelledby^="column-"]');
  await expect(columns).toHaveCount(1);
  await expect(columns.getByRole('heading', { name: '01 Identify' })).toBeVisible();
  await expectNoWiderThanScreen(page);
  await screenshot(page, 'phone-board', { fullPage: false });

  const stage = page.getByRole('combobox', { name: 'Stage' });
  await stage.selectOption('validate');
  await expect(columns).toHaveCount(1);
  await expect(columns.getByRole('heading', { name: '02 Validate' })).toBeVisible();
  // The card's name is a link to the deal.
  await expect(columns.getByRole('article').first().getByRole('link').first()).toHaveAttribute(
    'href',
    /^\/opportunities\/\d+$/,
  );

  const next = page.getByRole('button', { name: 'Next stage' });
  await expectTouchTarget(next);
  await next.tap();
  await expect(columns.getByRole('heading', { name: '03 Qualify' })).toBeVisible();
  await page.getByRole('button', { name: 'Previous stage' }).tap();
  await expect(columns.getByRole('heading', { name: '02 Validate' })).toBeVisible();
  await expect(page).toHaveURL(/column=validate/);

  await stage.selectOption('closed');
  await expect(columns).toHaveCount(0);
  await expect(board.getByRole('heading', { name: 'Closed' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('Home, the opportunities list, an overview and the board at 1440, 1024 and 390 px', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const name = `Screens deal ${unique()}`;
  const deal = await createDeal(page, name);
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto('/');
    await expect(page.getByRole('heading', { name: /Good to see you/ })).toBeVisible();
    await expect(page.getByRole('region', { name: 'My open pipeline' }).getByText('All open')).toBeVisible();
    await expectNoWiderThanScreen(page, width);
    await screenshot(page, `${width}/home`);

    await page.goto('/opportunities');
    await expect(page.getByRole(width === 390 ? 'list' : 'table', { name: 'Opportunities' })).toBeVisible();
    await expect(page.getByTestId('match-count')).toHaveText(/^[\d,]+\+? opportunit(y|ies)$/);
    await expectNoWiderThanScreen(page, width);
    await screenshot(page, `${width}/opportunities`, { fullPage: false });

    await page.goto(`/opportunities/${deal.id}`);
    await expect(page.getByRole('heading', { name })).toBeVisible();
    // A phone shows the sales team as cards, not a table that scrolls sideways in its box.
    await expect(page.getByRole(width === 390 ? 'list' : 'table', { name: 'Sales team' })).toBeVisible();
    await expectNoWiderThanScreen(page, width);
    await screenshot(page, `${width}/opportunity`);

    await page.goto('/pipeline');
    await expect(page.getByRole('heading', { name: '01 Identify' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Stages' }).getByRole('article').first()).toBeVisible();
    await expectNoWiderThanScreen(page, width);
    await screenshot(page, `${width}/board`, { fullPage: false });
  }
  expect(consoleErrors).toEqual([]);
});

/**
 * Every control on the screen a thumb can hit that is smaller than 40 × 40 px, described for the
 * failure message. A checkbox or radio button counts with its label (tapping the label ticks the box): its row must
 * be 40 px tall; the text field of a multiple choice counts with the field's box around it.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=tab], [role=checkbox], [role=switch], [role=combobox], summary';
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (element.getBoundingClientRect().height === 0) continue;
      // The text field of a multiple choice lies inside the field's box, which a thumb taps.
      const box = (element.closest('.mantine-Input-input') ?? element).getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      let width = box.width;
      let height = box.height;
      if (
        element instanceof HTMLInputElement &&
        ['checkbox', 'radio'].includes(element.type) &&
        element.labels?.[0]
      ) {
        const label = element.labels[0].getBoundingClientRect();
        height = Math.max(height, label.height);
        width = box.width + label.width;
      }
      if (width >= 40 && height >= 40) continue;
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
      small.push(`${element.tagName.toLowerCase()} "${name}" ${Math.round(width)}×${Math.round(height)}`);
    }
    return small;
  });
}

test('on a phone, every control of the screens a seller uses is at least 40 × 40 px', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'seller@brightpath.example');
  const name = `Touch deal ${unique()}`;
  const deal = await createDeal(page, name);

  await page.goto('/');
  await expect(page.getByRole('list', { name: /Open pipeline by stage/ })).toBeVisible();
  expect(await smallTargets(page), 'Home').toEqual([]);

  // The list with its filters set: each filter's clear button (×) is a target too.
  await page.goto('/opportunities');
  await expect(page.getByRole('list', { name: 'Opportunities' }).getByRole('listitem').first()).toBeVisible();
  await page.getByRole('button', { name: 'Advanced search' }).tap();
  await expect(page.getByRole('combobox', { name: 'Stages' })).toBeVisible();
  expect(await smallTargets(page), 'Opportunities').toEqual([]);
  const clear = page.locator('.mantine-InputClearButton-root').first();
  await expectTouchTarget(clear);

  // The overview: breadcrumbs, client and contact links, section headers and their + buttons, and
  // the sales team while it is being changed.
  await page.goto(`/opportunities/${deal.id}`);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  for (const section of ['BPContacts', 'Activities', 'Notes']) {
    await page.getByRole('button', { name: new RegExp(`^${section}`) }).tap();
  }
  await page.getByRole('button', { name: 'Change BPContacts' }).tap();
  const contacts = page.getByRole('list', { name: 'BPContacts of the opportunity' });
  await expect(contacts.getByRole('radio', { name: /is the primary contact/ })).toBeChecked();
  await expect(page.getByRole('table', { name: 'BPContacts of the opportunity' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Change team' }).tap();
  const team = page.getByRole('list', { name: 'Sales team' });
  await expect(team.getByRole('combobox', { name: /^Role of/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Sales team' })).toHaveCount(0);
  await expectNoWiderThanScreen(page);
  expect(await smallTargets(page), 'Opportunity overview').toEqual([]);
  await screenshot(page, 'phone-opportunity-touch');

  await page.getByRole('link', { name: 'Acme Corporation' }).first().tap();
  await expect(page.getByRole('heading', { name: 'Acme Corporation' })).toBeVisible();
  expect(await smallTargets(page), 'Client').toEqual([]);

  await page.goto('/contacts');
  await expect(page.getByRole('list', { name: 'BPContacts' }).getByRole('listitem').first()).toBeVisible();
  expect(await smallTargets(page), 'BPContacts (e-mail and phone links)').toEqual([]);
  expect(consoleErrors).toEqual([]);
});
