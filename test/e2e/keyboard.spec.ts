import type { Locator, Page } from '@playwright/test';
import {
  acceptRefusalsInConsole,
  callApi,
  daysFromToday,
  expect,
  screenshot,
  signIn,
  test,
  typeInto,
  unique,
} from './support.ts';

/**
 * Everything by keyboard alone (WCAG 2.1.1, 2.4.7): no mouse, no tap, no `click()`, no `focus()`.
 * Every stop the Tab key makes shows a focus ring; toasts and field errors are announced.
 */

/**
 * Where the focus is, and how it shows: an outline of 2 px or more on the focused element, on the
 * box around it that draws the ring for it (a stage bar step, a checkbox's square beside its hidden
 * input), or a ring drawn as a box-shadow on a field or the box around it. `null` when none.
 */
async function focusShown(page: Page): Promise<{ element: string; ring: string | null }> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return { element: 'the page itself', ring: null };
    const element = `<${active.tagName.toLowerCase()}> "${(active.getAttribute('aria-label') ?? active.textContent ?? '').trim().slice(0, 60)}"`;
    const outlined = [
      active,
      active.parentElement,
      active.parentElement?.parentElement,
      active.nextElementSibling,
    ];
    for (const candidate of outlined) {
      if (!candidate) continue;
      const style = getComputedStyle(candidate);
      if (
        style.outlineStyle !== 'none' &&
        Number.parseFloat(style.outlineWidth) >= 2 &&
        style.outlineColor !== 'rgba(0, 0, 0, 0)'
      )
        return { element, ring: `outline ${style.outlineWidth} ${style.outlineColor}` };
    }
    // A field draws its ring as a box-shadow, on the input or on the box around it (a password field).
    for (const candidate of [active, active.parentElement]) {
      const shadow = candidate ? getComputedStyle(candidate).boxShadow : 'none';
      if (shadow !== 'none') return { element, ring: `box-shadow ${shadow}` };
    }
    return { element, ring: null };
  });
}

async function expectFocusShown(page: Page): Promise<void> {
  const { element, ring } = await focusShown(page);
  expect(ring, `a focus ring on ${element}`).not.toBeNull();
}

/** Presses Tab (or Shift+Tab) until the target has the focus, checking the ring at every stop on the way. */
async function tabTo(page: Page, target: Locator, { backwards = false, most = 80 } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let stop = 0; stop < most; stop += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    await expectFocusShown(page);
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`${most} presses of Tab did not reach ${target}`);
}

/** Types into the field that has the focus, key by key. */
async function typeHere(page: Page, text: string): Promise<void> {
  await typeInto(page.locator(':focus'), text);
}

async function signInByKeyboard(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  // The email field has the focus from the start.
  await expect(page.getByLabel('Email', { exact: true })).toBeFocused();
  await typeHere(page, email);
  await tabTo(page, page.getByLabel('Password', { exact: true }));
  await typeHere(page, 'partnerline-demo');
  await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /Good to see you/ })).toBeVisible();
}

/** A deal at 01 Identify with a primary BPContact, so 02 Validate lets it through. */
async function createDeal(page: Page, name: string) {
  await signIn(page, 'seller@brightpath.example');
  const contacts = await callApi<{ items: { id: number; clientId: number }[] }>(
    page,
    'GET',
    '/contacts?q=tessa',
  );
  const contact = contacts.items[0]!;
  const deal = await callApi<{ id: number }>(page, 'POST', '/opportunities', {
    name,
    clientId: contact.clientId,
    primaryContactId: contact.id,
    stage: 'identify',
    amountMinor: 12_500_00,
    decisionDate: daysFromToday(100),
  });
  await page.context().clearCookies();
  return deal;
}

test.describe('at 1440 px', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('by keyboard alone: sign in, open an opportunity from the list, move its stage, create a client', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    const name = `Keyboard deal ${unique()}`;
    const deal = await createDeal(page, name);
    await signInByKeyboard(page, 'seller@brightpath.example');

    // Opportunities, from the navigation.
    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Opportunities' }),
    );
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Opportunities', level: 1 })).toBeVisible();

    // The list's search, then the deal's row; Enter opens it.
    await tabTo(page, page.getByRole('textbox', { name: 'Search opportunities' }));
    await typeHere(page, name);
    const table = page.getByRole('table', { name: 'Opportunities' });
    const row = table.getByRole('row').filter({ hasText: name });
    await expect(table.getByRole('row')).toHaveCount(2);
    await tabTo(page, row);
    await screenshot(page, 'keyboard-list-row-1440', { fullPage: false });
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/opportunities/${deal.id}$`));
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

    // The stage bar: Tab to 02 Validate, Enter moves the deal there, and the toast is announced.
    const stages = page.getByRole('list', { name: 'Sales stages' });
    const validate = stages.getByRole('button', { name: '02 Validate 25%' });
    await tabTo(page, validate);
    await screenshot(page, 'keyboard-stage-bar-1440', { fullPage: false });
    await page.keyboard.press('Enter');
    const announced = page
      .locator('[aria-live="polite"]')
      .getByRole('status')
      .filter({ hasText: 'Moved to 02 Validate' });
    await expect(announced).toBeVisible();
    await expect(stages.getByRole('button', { name: '02 Validate 25%' })).toHaveAttribute(
      'aria-current',
      'step',
    );
    await expect
      .poll(async () => (await callApi<{ stage: string }>(page, 'GET', `/opportunities/${deal.id}`)).stage)
      .toBe('validate');
    // The step just chosen keeps the focus (it is the current stage now), so Tab goes on from there.
    await expect(stages.getByRole('button', { name: '02 Validate 25%' })).toBeFocused();
    await expectFocusShown(page);

    // A stage that is not open yet says what it needs, read with its name.
    const propose = stages.getByRole('button', { name: '04 Propose 60%' });
    await expect(propose).toHaveAccessibleDescription(/^Needs /);

    // Clients, from the navigation; New client opens the dialog with the focus in it.
    await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }), {
      backwards: true,
    });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Clients', level: 1 })).toBeVisible();
    await tabTo(page, page.getByRole('button', { name: 'New client' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New client' });
    await expect(dialog).toBeVisible();
    await expect(dialog.locator(':focus')).toHaveCount(1);

    // Sent without a name: the error is announced and tied to its field.
    await tabTo(page, dialog.getByRole('button', { name: 'Create client' }));
    await page.keyboard.press('Enter');
    const nameField = dialog.getByRole('textbox', { name: 'Name' });
    await expect(nameField).toHaveAttribute('aria-invalid', 'true');
    const errorId = (await nameField.getAttribute('aria-describedby'))
      ?.split(' ')
      .find((id) => id.endsWith('-error'));
    expect(errorId, 'the field is described by its error').toBeTruthy();
    const error = dialog.locator(`[id="${errorId}"]`);
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(error).toBeVisible();
    await expect(nameField).toHaveAccessibleDescription((await error.textContent()) ?? '');
    // The browser logs the sign-in page's first look (401) and the refusal (400) as failed resources.
    acceptRefusalsInConsole(consoleErrors, 401, 400);

    const clientName = `Keyboard Client ${unique()}`;
    await tabTo(page, nameField, { backwards: true });
    await typeHere(page, clientName);
    await tabTo(page, dialog.getByRole('textbox', { name: 'City' }));
    await typeHere(page, 'Uppsala');
    await screenshot(page, 'keyboard-new-client-1440', { fullPage: false });
    await tabTo(page, dialog.getByRole('button', { name: 'Create client' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: clientName, level: 1 })).toBeVisible();
    await expect(dialog).toBeHidden();
    expect(consoleErrors).toEqual([]);
  });
});

test('every stop of the Tab key on the main screens shows a focus ring', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await signIn(page, 'seller@brightpath.example');
  const opportunities = await callApi<{ items: { id: number }[] }>(page, 'GET', '/opportunities?limit=1');
  const clients = await callApi<{ items: { id: number }[] }>(page, 'GET', '/clients?limit=1');
  for (const path of [
    '/',
    '/opportunities',
    `/opportunities/${opportunities.items[0]!.id}`,
    `/clients/${clients.items[0]!.id}`,
    '/pipeline',
    '/reports',
    '/opportunities/new',
    '/settings/defaults',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('.mantine-Loader-root').filter({ visible: true })).toHaveCount(0);
    for (let stop = 0; stop < 40; stop += 1) {
      await page.keyboard.press('Tab');
      const { element, ring } = await focusShown(page);
      // Past the last stop the focus leaves the page for the browser's own controls.
      if (element === 'the page itself' && stop > 10) break;
      expect(ring, `${path}: a focus ring on ${element} (Tab stop ${stop + 1})`).not.toBeNull();
    }
  }
  expect(consoleErrors).toEqual([]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('by keyboard alone: the navigation drawer, a list row and the stage bar show their focus', async ({
    page,
    consoleErrors,
  }) => {
    const name = `Phone keyboard deal ${unique()}`;
    const deal = await createDeal(page, name);
    await signInByKeyboard(page, 'seller@brightpath.example');
    const menu = page.getByRole('banner').getByRole('button', { name: 'Open navigation' });
    await tabTo(page, menu);
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog');
    await tabTo(page, drawer.getByRole('link', { name: 'Opportunities', exact: true }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Opportunities', level: 1 })).toBeVisible();
    await tabTo(page, page.getByRole('textbox', { name: 'Search opportunities' }));
    await typeHere(page, name);
    const cards = page.getByRole('list', { name: 'Opportunities' });
    await expect(cards.getByRole('listitem')).toHaveCount(1);
    const link = cards.getByRole('link', { name });
    await tabTo(page, link);
    await screenshot(page, 'keyboard-list-row-390', { fullPage: false });
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/opportunities/${deal.id}$`));
    const validate = page
      .getByRole('list', { name: 'Sales stages' })
      .getByRole('button', { name: '02 Validate 25%' });
    await tabTo(page, validate);
    await validate.scrollIntoViewIfNeeded();
    await screenshot(page, 'keyboard-stage-bar-390', { fullPage: false });
    await page.keyboard.press('Enter');
    await expect(validate).toHaveAttribute('aria-current', 'step');
    expect(consoleErrors).toEqual([]);
  });
});
