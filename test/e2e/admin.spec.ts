import {
  acceptRefusalsInConsole,
  chooseOption,
  expect,
  screenshot,
  sessionHeaders,
  signIn,
  signOut,
  test,
  typeInto,
  unique,
} from './support.ts';

test('an admin creates a firm and a user, and the new user can sign in', async ({ page, consoleErrors }) => {
  // Seven sign-ins in one story: more than the default minute on a slow machine.
  test.setTimeout(120_000);
  const suffix = unique();
  const firmName = `Northwind Partners ${suffix}`;
  const email = `jo.${suffix}@northwind.example`;
  await signIn(page, 'admin@helio.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('tab', { name: 'Users' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Users' }).getByText('Marco Lindgren')).toBeVisible();
  await screenshot(page, 'admin-users');

  await page.getByRole('tab', { name: 'Firms' }).click();
  await expect(page).toHaveURL(/\/admin\/firms$/);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Firms' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'New firm' }).click();
  const firmDialog = page.getByRole('dialog', { name: 'New firm' });
  await typeInto(firmDialog.getByRole('textbox', { name: 'Name' }), firmName);
  await chooseOption(page, 'Works with distributor', 'Meridian Distribution', { within: firmDialog });
  await screenshot(page, 'admin-firm-new', { fullPage: false });
  await firmDialog.getByRole('button', { name: 'Create firm' }).click();
  await expect(firmDialog).toHaveCount(0);
  const firms = page.getByRole('table', { name: 'Firms' });
  const firmRow = firms.getByRole('row', { name: new RegExp(firmName) });
  await expect(firmRow).toContainText('Eligible');
  await expect(firmRow).toContainText('Meridian Distribution');
  await screenshot(page, 'admin-firms');

  // Taking authorization away makes the firm ineligible (SPEC §1).
  await firmRow.getByRole('button', { name: `Edit ${firmName}` }).click();
  let editDialog = page.getByRole('dialog', { name: `Edit ${firmName}` });
  await editDialog.getByRole('switch', { name: 'Authorized' }).uncheck();
  await expect(editDialog.getByText('Not eligible')).toBeVisible();
  await editDialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(editDialog).toHaveCount(0);
  await expect(firmRow).toContainText('Not eligible');

  // Another admin changes the firm meanwhile: the save is refused (409), the form says what changed
  // and keeps this admin's own change on top of theirs.
  await firmRow.getByRole('button', { name: `Edit ${firmName}` }).click();
  editDialog = page.getByRole('dialog', { name: `Edit ${firmName}` });
  const firmList = (await (await page.request.get('/api/v1/firms')).json()) as {
    items: { id: number; name: string; version: number }[];
  };
  const firm = firmList.items.find((each) => each.name === firmName)!;
  const meanwhile = await page.request.patch(`/api/v1/firms/${firm.id}`, {
    headers: await sessionHeaders(page, firm.version),
    data: { isInGoodStanding: false },
  });
  expect(meanwhile.status()).toBe(200);
  await editDialog.getByRole('switch', { name: 'Authorized' }).check();
  await editDialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(editDialog.getByRole('alert')).toContainText('Good standing: no');
  await expect(editDialog.getByRole('switch', { name: 'In good standing' })).not.toBeChecked();
  await expect(editDialog.getByRole('switch', { name: 'Authorized' })).toBeChecked();
  await screenshot(page, 'admin-firm-conflict', { fullPage: false });
  await editDialog.getByRole('switch', { name: 'In good standing' }).check();
  await editDialog.getByRole('button', { name: 'Save on top of their version' }).click();
  await expect(editDialog).toHaveCount(0);
  await expect(firmRow).toContainText('Eligible');
  await expect(firmRow).not.toContainText('Not eligible');
  acceptRefusalsInConsole(consoleErrors, 409);

  await page.getByRole('tab', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'New user' }).click();
  const userDialog = page.getByRole('dialog', { name: 'New user' });
  await typeInto(userDialog.getByRole('textbox', { name: 'Name' }), 'Jo Lambert');
  await typeInto(userDialog.getByRole('textbox', { name: 'Email' }), email);
  await chooseOption(page, 'Firm', new RegExp(firmName), { search: suffix, within: userDialog });
  // A partner firm's people are sellers or managers, never vendor roles (SPEC §1).
  await userDialog.getByRole('combobox', { name: 'Role' }).click();
  await expect(page.getByRole('option', { name: 'Administrator' })).toHaveCount(0);
  await page.getByRole('option', { name: 'Seller' }).click();
  await typeInto(userDialog.getByRole('textbox', { name: 'Password', exact: true }), 'short');
  await userDialog.getByRole('button', { name: 'Create user' }).click();
  await expect(userDialog.getByText('must be at least 10 characters')).toBeVisible();
  await screenshot(page, 'admin-user-new-errors', { fullPage: false });
  acceptRefusalsInConsole(consoleErrors, 400);
  await typeInto(userDialog.getByRole('textbox', { name: 'Password', exact: true }), 'northwind-welcome-1');
  await userDialog.getByRole('button', { name: 'Create user' }).click();
  await expect(userDialog).toHaveCount(0);

  await typeInto(page.getByRole('textbox', { name: 'Search users' }), suffix);
  await expect(page).toHaveURL(new RegExp(`q=${suffix}`));
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row')).toHaveCount(2);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Search users' })).toHaveValue(suffix);
  await users.getByRole('row', { name: /Jo Lambert/ }).click();
  const editUser = page.getByRole('dialog', { name: 'Edit Jo Lambert' });
  await chooseOption(page, 'Role', 'Manager', { within: editUser });
  await screenshot(page, 'admin-user-edit', { fullPage: false });
  await editUser.getByRole('button', { name: 'Save changes' }).click();
  await expect(editUser.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await editUser.getByRole('button', { name: 'Close' }).last().click();
  await expect(users.getByRole('row', { name: /Jo Lambert/ })).toContainText('Manager');

  await signOut(page);
  await signIn(page, email, 'northwind-welcome-1');
  await expect(page.getByRole('heading', { name: /Good to see you, Jo/ })).toBeVisible();
  await expect(page.getByText(`Manager at ${firmName}`)).toBeVisible();

  // The admin sets a new password: the old one stops working, the new one signs in.
  await signOut(page);
  await signIn(page, 'admin@helio.example');
  await page.goto(`/admin/users?q=${suffix}`);
  await page
    .getByRole('table', { name: 'Users' })
    .getByRole('row', { name: /Jo Lambert/ })
    .click();
  const reset = page.getByRole('dialog', { name: 'Edit Jo Lambert' });
  await typeInto(reset.getByRole('textbox', { name: 'New password', exact: true }), 'northwind-second-2');
  await reset.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('New password set for Jo Lambert')).toBeVisible();
  await expect(reset.getByRole('textbox', { name: 'New password', exact: true })).toHaveValue('');
  await reset.getByRole('button', { name: 'Close' }).last().click();
  await signOut(page);
  await signIn(page, email, 'northwind-second-2');
  await expect(page.getByRole('heading', { name: /Good to see you, Jo/ })).toBeVisible();

  // Deactivated, the user can no longer sign in.
  await signOut(page);
  await signIn(page, 'admin@helio.example');
  await page.goto(`/admin/users?q=${suffix}`);
  await page
    .getByRole('table', { name: 'Users' })
    .getByRole('row', { name: /Jo Lambert/ })
    .click();
  const deactivate = page.getByRole('dialog', { name: 'Edit Jo Lambert' });
  await deactivate.getByRole('button', { name: 'Deactivate user…' }).click();
  await deactivate.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(deactivate.getByText('Deactivated', { exact: true })).toBeVisible();
  await expect(deactivate.getByRole('button', { name: 'Reactivate user' })).toBeVisible();
  await screenshot(page, 'admin-user-deactivated', { fullPage: false });
  await deactivate.getByRole('button', { name: 'Close' }).last().click();
  await signOut(page);
  await typeInto(page.getByLabel('Email', { exact: true }), email);
  await typeInto(page.getByLabel('Password', { exact: true }), 'northwind-second-2');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email or password is not right');
  acceptRefusalsInConsole(consoleErrors, 401);
});

test('an admin changes a stage label and probability, and the API serves them', async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, 'admin@helio.example');
  await page.goto('/admin/stages');
  await expect(page.getByText('Gates are cumulative')).toBeVisible();
  const gates = page.getByRole('table', { name: 'Open stages' });
  await expect(gates.getByRole('row')).toHaveCount(8);
  await expect(page.getByRole('table', { name: 'Closing stages' }).getByRole('row')).toHaveCount(5);
  // 04 Propose shows its own requirement and the ones earlier gates already made.
  const propose = gates.getByRole('row', { name: /04 Propose/ });
  await expect(propose).toContainText('Every open line item priced and with a decision date');
  await expect(propose).toContainText('A primary BPContact');
  await screenshot(page, 'admin-stages');

  const before = (await (await page.request.get('/api/v1/stages')).json()) as {
    items: { code: string; label: string; probability: number; version: number }[];
  };
  const original = before.items.find((stage) => stage.code === 'conditional')!;
  try {
    await gates.getByRole('button', { name: `Edit ${original.label}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit stage ${original.label}` });
    await typeInto(dialog.getByRole('textbox', { name: 'Label' }), '05 Conditional approval');
    await typeInto(dialog.getByRole('textbox', { name: 'Probability %' }), '75');
    await screenshot(page, 'admin-stage-edit', { fullPage: false });
    await dialog.getByRole('button', { name: 'Save stage' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(gates.getByRole('row', { name: /05 Conditional approval/ })).toContainText('75%');

    const after = (await (await page.request.get('/api/v1/stages')).json()) as typeof before;
    const changed = after.items.find((stage) => stage.code === 'conditional')!;
    expect(changed.label).toBe('05 Conditional approval');
    expect(changed.probability).toBe(75);

    // A closing stage keeps its fixed probability; only its label and closing needs are edited.
    await page
      .getByRole('table', { name: 'Closing stages' })
      .getByRole('button', { name: 'Edit Lost to competition' })
      .click();
    const closing = page.getByRole('dialog', { name: 'Edit stage Lost to competition' });
    await expect(closing.getByRole('textbox', { name: 'Probability %' })).toHaveCount(0);
    await expect(closing.getByText('a closing stage is 100% when won and 0% when lost')).toBeVisible();
    await screenshot(page, 'admin-stage-edit-closing', { fullPage: false });
    await closing.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    // The catalog is shared by every test on this server: put the stage back as it was.
    const now = (await (await page.request.get('/api/v1/stages')).json()) as typeof before;
    const current = now.items.find((stage) => stage.code === 'conditional')!;
    const restored = await page.request.patch('/api/v1/stages/conditional', {
      headers: await sessionHeaders(page, current.version),
      data: { label: original.label, probability: original.probability },
    });
    expect(restored.status()).toBe(200);
  }
  expect(consoleErrors).toEqual([]);
});

test('an admin adds a product to the catalog and an exchange rate for EUR', async ({
  page,
  consoleErrors,
}) => {
  const suffix = unique().toUpperCase();
  const offering = `S200 storage array ${suffix}`;
  await signIn(page, 'admin@helio.example');
  await page.goto('/admin/products');
  await expect(page.getByRole('button', { name: 'Add product' })).toBeVisible();
  await screenshot(page, 'admin-products-before');

  await page.getByRole('button', { name: 'Add product' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a product' });
  await chooseOption(page, 'Type', 'Hardware', { within: dialog });
  await typeInto(dialog.getByRole('combobox', { name: 'Brand' }), 'Helio');
  await typeInto(dialog.getByRole('combobox', { name: 'Family' }), 'Storage');
  await typeInto(dialog.getByRole('textbox', { name: 'Offering' }), offering);
  await typeInto(dialog.getByRole('textbox', { name: 'Part number' }), `S200-${suffix}`);
  await typeInto(dialog.getByRole('textbox', { name: 'List price' }), 'abc');
  await dialog.getByRole('button', { name: 'Add product' }).click();
  await expect(dialog.getByText('is not an amount in USD; type it like 1,234.50')).toBeVisible();
  await typeInto(dialog.getByRole('textbox', { name: 'List price' }), '12,500.00');
  await expect(dialog.getByText('$12,500.00')).toBeVisible();
  await screenshot(page, 'admin-product-new', { fullPage: false });
  await dialog.getByRole('button', { name: 'Add product' }).click();
  await expect(dialog).toHaveCount(0);

  // The new product shows where it sits: Hardware › Helio › Storage, opened.
  const family = page.getByRole('table', { name: 'Helio Storage' });
  const row = family.getByRole('row', { name: new RegExp(offering) });
  await expect(row).toContainText(`S200-${suffix}`);
  await expect(row).toContainText('$12,500.00');
  await expect(page.getByRole('button', { name: /^Hardware/ })).toContainText(/\d+ products?/);
  await screenshot(page, 'admin-products');
  await typeInto(page.getByRole('textbox', { name: 'Find in the catalog' }), `s200-${suffix.toLowerCase()}`);
  await expect(page.getByRole('table')).toHaveCount(1);
  await expect(row).toBeVisible();
  await page.getByRole('textbox', { name: 'Find in the catalog' }).fill('');

  // The tree and the API agree.
  const tree = (await (await page.request.get('/api/v1/products/tree')).json()) as {
    items: {
      type: string;
      brands: { brand: string; families: { family: string; offerings: { offering: string }[] }[] }[];
    }[];
  };
  const offerings = tree.items
    .find((type) => type.type === 'hardware')
    ?.brands.find((brand) => brand.brand === 'Helio')
    ?.families.find((each) => each.family === 'Storage')
    ?.offerings.map((each) => each.offering);
  expect(offerings).toContain(offering);

  // Deactivate rather than delete; it can be brought back.
  await row.getByRole('button', { name: /^Deactivate/ }).click();
  const inactive = page.getByRole('table', { name: 'Deactivated products' });
  await expect(inactive.getByRole('row', { name: new RegExp(offering) })).toBeVisible();
  await inactive
    .getByRole('row', { name: new RegExp(offering) })
    .getByRole('button', { name: /^Reactivate/ })
    .click();
  await expect(row).toBeVisible();

  await page.getByRole('tab', { name: 'Currencies and rates' }).click();
  await expect(page).toHaveURL(/\/admin\/currencies$/);
  const currencies = page.getByRole('table', { name: 'Currencies' });
  await expect(currencies.getByRole('row', { name: /USD/ }).first()).toContainText('Reporting currency');
  await screenshot(page, 'admin-currencies');

  await currencies.getByRole('button', { name: 'Rates of EUR' }).click();
  const rates = page.getByRole('dialog', { name: 'EUR · Euro' });
  await expect(rates.getByText('In force: 1 EUR =')).toBeVisible();
  await typeInto(rates.getByRole('textbox', { name: /^Rate/ }), '1,08');
  await rates.getByRole('button', { name: 'Add rate' }).click();
  await expect(rates.getByText('Enter a positive decimal number such as 1.0823')).toBeVisible();
  await typeInto(rates.getByRole('textbox', { name: /^Rate/ }), '1.0823');
  await rates.getByRole('button', { name: 'Add rate' }).click();
  await expect(rates.getByText('In force: 1 EUR = 1.0823 USD')).toBeVisible();
  const history = rates.getByRole('table', { name: 'Rates of EUR' });
  await expect(history.getByRole('row', { name: /1\.0823/ })).toContainText('In force');
  await screenshot(page, 'admin-currency-rates', { fullPage: false });
  await rates.getByRole('button', { name: 'Close' }).last().click();
  await expect(currencies.getByRole('row', { name: /EUR/ })).toContainText('1 EUR = 1.0823 USD');

  const eur = (await (await page.request.get('/api/v1/currencies')).json()) as {
    items: { code: string; rate: string }[];
  };
  expect(eur.items.find((currency) => currency.code === 'EUR')?.rate).toBe('1.0823');

  await page.getByRole('switch', { name: 'Show every ISO 4217 currency' }).check();
  await typeInto(page.getByRole('textbox', { name: 'Find a currency' }), 'XAF');
  await expect(currencies.getByRole('row', { name: /XAF/ })).toContainText('No rate yet');
  await page.getByRole('textbox', { name: 'Find a currency' }).fill('');
  await screenshot(page, 'admin-currencies-all');
  expect(consoleErrors).toEqual([]);
});
