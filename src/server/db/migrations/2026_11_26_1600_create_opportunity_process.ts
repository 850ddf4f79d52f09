import { defaultStages } from '../../../core/stages.ts';
import { iso4217Currencies } from '../../currencies/iso-4217.ts';
import { startingRatesDate, startingRatesToUsd } from '../../currencies/starting-rates.ts';
import {
  checkIn,
  createSearchIndex,
  dropSearchIndex,
  flag,
  kindOf,
  type MigrationDb,
  naturalText,
  naturalTextCollation,
  withId,
  withTimestamps,
  withVersion,
} from '../migration-helpers.ts';

/** Stages, money, products, opportunities and everything around them (SPEC §2–§7). */
export async function up(db: MigrationDb): Promise<void> {
  const kind = kindOf(db);
  const naturalOrder = naturalText(await naturalTextCollation(db));
  const now = new Date().toISOString();

  await db.schema
    .createTable('stages')
    .addColumn('code', 'text', (column) => column.primaryKey())
    .addColumn('label', 'text', (column) => column.notNull())
    .addColumn('sort_order', 'integer', (column) => column.notNull())
    .addColumn('probability', 'integer', (column) => column.notNull())
    .addColumn('is_closing', 'integer', flag(0))
    .addColumn('outcome', 'text', (column) =>
      column.notNull().check(checkIn('outcome', ['open', 'won', 'lost'])),
    )
    .addColumn('requirements', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('closing_requirements', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('stale_after_days', 'integer', (column) => column.notNull().defaultTo(30))
    .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();
  await db
    .insertInto('stages' as never)
    .values(
      defaultStages.map((stage) => ({
        code: stage.code,
        label: stage.label,
        sort_order: stage.order,
        probability: stage.probability,
        is_closing: stage.closing ? 1 : 0,
        outcome: stage.outcome,
        requirements: JSON.stringify(stage.requirements),
        closing_requirements: JSON.stringify(stage.closingRequirements),
        stale_after_days: stage.staleAfterDays,
        version: 1,
      })) as never,
    )
    .execute();

  await db.schema
    .createTable('currencies')
    .addColumn('code', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('exponent', 'integer', (column) => column.notNull())
    .addColumn('is_active', 'integer', flag(1))
    .execute();
  await db
    .insertInto('currencies' as never)
    .values(
      iso4217Currencies.map(([code, name, exponent]) => ({
        code,
        name,
        exponent,
        is_active: code in startingRatesToUsd ? 1 : 0,
      })) as never,
    )
    .execute();

  await withId(db.schema.createTable('exchange_rates'), kind)
    .addColumn('currency', 'text', (column) => column.notNull().references('currencies.code'))
    .addColumn('effective_date', 'text', (column) => column.notNull())
    .addColumn('rate', 'text', (column) => column.notNull())
    .addColumn('created_by', 'integer', (column) => column.references('users.id'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('exchange_rates_currency_date_unique')
    .on('exchange_rates')
    .columns(['currency', 'effective_date'])
    .unique()
    .execute();
  await db
    .insertInto('exchange_rates' as never)
    .values(
      Object.entries(startingRatesToUsd).map(([currency, rate]) => ({
        currency,
        effective_date: startingRatesDate,
        rate,
        created_by: null,
        created_at: now,
      })) as never,
    )
    .execute();
  await db
    .insertInto('app_settings' as never)
    .values({ key: 'reporting_currency', value: 'USD' } as never)
    .onConflict((conflict) => conflict.doNothing())
    .execute();

  await withVersion(
    withTimestamps(
      withId(db.schema.createTable('products'), kind)
        .addColumn('type', 'text', (column) =>
          column.notNull().check(checkIn('type', ['hardware', 'software', 'services', 'financing'])),
        )
        .addColumn('brand', 'text', naturalOrder)
        .addColumn('family', 'text', naturalOrder)
        .addColumn('offering', 'text', naturalOrder)
        .addColumn('part_number', 'text')
        .addColumn('list_price_minor', 'bigint')
        .addColumn('currency', 'text', (column) => column.references('currencies.code'))
        .addColumn('is_active', 'integer', flag(1)),
    ),
  ).execute();
  await db.schema
    .createIndex('products_tree_idx')
    .on('products')
    .columns(['type', 'brand', 'family', 'offering'])
    .execute();
  await db.schema
    .createIndex('products_part_number_unique')
    .on('products')
    .column('part_number')
    .unique()
    .execute();
  await createSearchIndex(db, 'products', ['brand', 'family', 'offering', 'part_number']);

  await withVersion(
    withTimestamps(
      withId(db.schema.createTable('opportunities'), kind)
        .addColumn('number', 'text', (column) => column.notNull())
        .addColumn('name', 'text', naturalOrder)
        .addColumn('description', 'text')
        .addColumn('client_id', 'integer', (column) => column.notNull().references('clients.id'))
        .addColumn('primary_contact_id', 'integer', (column) => column.references('contacts.id'))
        .addColumn('owner_id', 'integer', (column) => column.notNull().references('users.id'))
        .addColumn('owner_firm_id', 'integer', (column) => column.notNull().references('firms.id'))
        .addColumn('stage', 'text', (column) => column.notNull().references('stages.code'))
        .addColumn('stage_entered_at', 'text', (column) => column.notNull())
        .addColumn('outcome', 'text', (column) =>
          column.notNull().check(checkIn('outcome', ['open', 'won', 'lost'])),
        )
        .addColumn('has_reached_won', 'integer', flag(0))
        .addColumn('decision_date', 'text', (column) => column.notNull())
        .addColumn('currency', 'text', (column) => column.notNull().references('currencies.code'))
        .addColumn('amount_minor', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('probability', 'integer', (column) => column.notNull())
        .addColumn('weighted_amount_minor', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('exchange_rate', 'text', (column) => column.notNull())
        .addColumn('is_rate_frozen', 'integer', flag(0))
        .addColumn('amount_reporting_minor', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('weighted_reporting_minor', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('line_item_count', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('origin', 'text', (column) =>
          column.notNull().check(checkIn('origin', ['partner', 'passed', 'co-marketing'])),
        )
        .addColumn('is_private', 'integer', flag(0))
        .addColumn('private_cleared_at', 'text')
        .addColumn('distributor_firm_id', 'integer', (column) => column.references('firms.id'))
        .addColumn('reseller_firm_id', 'integer', (column) => column.references('firms.id'))
        .addColumn('lead_source', 'text')
        .addColumn('competitor', 'text')
        .addColumn('close_reason', 'text')
        .addColumn('close_note', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('next_step', 'text')
        .addColumn('pass_status', 'text', (column) =>
          column.check(checkIn('pass_status', ['pending', 'accepted', 'declined'])),
        )
        .addColumn('passed_by', 'integer', (column) => column.references('users.id'))
        .addColumn('passed_at', 'text')
        .addColumn('pass_note', 'text')
        .addColumn('pass_decline_reason', 'text')
        .addColumn('created_by', 'integer', (column) => column.references('users.id'))
        .addColumn('updated_by', 'integer', (column) => column.references('users.id')),
    ).addColumn('deleted_at', 'text'),
  ).execute();
  await db.schema
    .createIndex('opportunities_number_unique')
    .on('opportunities')
    .column('number')
    .unique()
    .execute();
  // The list orders of the three visibility branches (SPEC §5): the owner firm's, the owner's, everyone's.
  await db.schema
    .createIndex('opportunities_firm_stage_date_idx')
    .on('opportunities')
    .columns(['owner_firm_id', 'stage', 'decision_date', 'id'])
    .execute();
  await db.schema
    .createIndex('opportunities_firm_date_idx')
    .on('opportunities')
    .columns(['owner_firm_id', 'decision_date', 'id'])
    .execute();
  await db.schema
    .createIndex('opportunities_owner_date_idx')
    .on('opportunities')
    .columns(['owner_id', 'decision_date', 'id'])
    .execute();
  await db.schema
    .createIndex('opportunities_stage_date_idx')
    .on('opportunities')
    .columns(['stage', 'decision_date', 'id'])
    .execute();
  await db.schema
    .createIndex('opportunities_client_idx')
    .on('opportunities')
    .columns(['client_id', 'decision_date'])
    .execute();
  await db.schema
    .createIndex('opportunities_contact_idx')
    .on('opportunities')
    .column('primary_contact_id')
    .execute();
  await db.schema
    .createIndex('opportunities_pass_idx')
    .on('opportunities')
    .columns(['pass_status', 'owner_firm_id'])
    .execute();
  await createSearchIndex(db, 'opportunities', ['number', 'name']);

  await db.schema
    .createTable('opportunity_contacts')
    .addColumn('opportunity_id', 'integer', (column) =>
      column.notNull().references('opportunities.id').onDelete('cascade'),
    )
    .addColumn('contact_id', 'integer', (column) => column.notNull().references('contacts.id'))
    .addColumn('role', 'text')
    .addColumn('is_primary', 'integer', flag(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('opportunity_contacts_pk', ['opportunity_id', 'contact_id'])
    .execute();
  await db.schema
    .createIndex('opportunity_contacts_contact_idx')
    .on('opportunity_contacts')
    .columns(['contact_id', 'opportunity_id'])
    .execute();

  await db.schema
    .createTable('sales_team_members')
    .addColumn('opportunity_id', 'integer', (column) =>
      column.notNull().references('opportunities.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id'))
    .addColumn('role', 'text')
    .addColumn('access', 'text', (column) => column.notNull().check(checkIn('access', ['read', 'edit'])))
    .addColumn('added_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sales_team_members_pk', ['opportunity_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('sales_team_members_user_idx')
    .on('sales_team_members')
    .columns(['user_id', 'opportunity_id'])
    .execute();

  await withId(db.schema.createTable('stage_changes'), kind)
    .addColumn('opportunity_id', 'integer', (column) =>
      column.notNull().references('opportunities.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (column) => column.notNull())
    .addColumn('changed_at', 'text', (column) => column.notNull())
    .addColumn('changed_by', 'integer', (column) => column.references('users.id'))
    .addColumn('amount_minor', 'bigint', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('decision_date', 'text', (column) => column.notNull())
    .addColumn('probability', 'integer', (column) => column.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('stage_changes_opportunity_idx')
    .on('stage_changes')
    .columns(['opportunity_id', 'id'])
    .execute();

  await withVersion(
    withTimestamps(
      withId(db.schema.createTable('line_items'), kind)
        .addColumn('opportunity_id', 'integer', (column) =>
          column.notNull().references('opportunities.id').onDelete('cascade'),
        )
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('product_id', 'integer', (column) => column.references('products.id'))
        .addColumn('description', 'text')
        .addColumn('quantity_milli', 'bigint', (column) => column.notNull())
        .addColumn('unit_price_minor', 'bigint')
        .addColumn('discount_hundredths', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('amount_minor', 'bigint', (column) => column.notNull())
        .addColumn('decision_date', 'text')
        .addColumn('owner_id', 'integer', (column) => column.references('users.id'))
        .addColumn('outcome', 'text', (column) =>
          column.notNull().check(checkIn('outcome', ['open', 'won', 'lost'])),
        )
        .addColumn('closed_with_opportunity', 'integer', flag(0)),
    ),
  ).execute();
  await db.schema
    .createIndex('line_items_opportunity_idx')
    .on('line_items')
    .columns(['opportunity_id', 'position', 'id'])
    .execute();
  await db.schema
    .createIndex('line_items_product_idx')
    .on('line_items')
    .columns(['product_id', 'opportunity_id'])
    .execute();

  await withVersion(
    withTimestamps(
      withId(db.schema.createTable('activities'), kind)
        .addColumn('entity_type', 'text', (column) =>
          column.notNull().check(checkIn('entity_type', ['client', 'contact', 'opportunity'])),
        )
        .addColumn('entity_id', 'integer', (column) => column.notNull())
        .addColumn('kind', 'text', (column) =>
          column.notNull().check(checkIn('kind', ['task', 'call', 'meeting', 'note'])),
        )
        .addColumn('subject', 'text', (column) => column.notNull())
        .addColumn('body', 'text')
        .addColumn('due_date', 'text')
        .addColumn('status', 'text', (column) =>
          column.notNull().check(checkIn('status', ['open', 'done', 'cancelled'])),
        )
        .addColumn('owner_id', 'integer', (column) => column.notNull().references('users.id'))
        .addColumn('created_by', 'integer', (column) => column.notNull().references('users.id'))
        .addColumn('firm_id', 'integer', (column) => column.notNull().references('firms.id'))
        .addColumn('completed_at', 'text')
        .addColumn('deleted_at', 'text'),
    ),
  ).execute();
  await db.schema
    .createIndex('activities_entity_idx')
    .on('activities')
    .columns(['entity_type', 'entity_id', 'id'])
    .execute();
  await db.schema
    .createIndex('activities_owner_idx')
    .on('activities')
    .columns(['owner_id', 'status', 'due_date'])
    .execute();

  await db.schema
    .createTable('opportunity_defaults')
    .addColumn('user_id', 'integer', (column) =>
      column.primaryKey().references('users.id').onDelete('cascade'),
    )
    .addColumn('currency', 'text', (column) => column.references('currencies.code'))
    .addColumn('stage', 'text', (column) => column.references('stages.code'))
    .addColumn('decision_date_days', 'integer')
    .addColumn('is_private', 'integer')
    .addColumn('distributor_firm_id', 'integer', (column) => column.references('firms.id'))
    .addColumn('reseller_firm_id', 'integer', (column) => column.references('firms.id'))
    .addColumn('lead_source', 'text')
    .addColumn('product_id', 'integer', (column) => column.references('products.id'))
    .addColumn('team', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();

  await withId(db.schema.createTable('saved_searches'), kind)
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (column) =>
      column.notNull().check(checkIn('entity_type', ['client', 'contact', 'opportunity'])),
    )
    .addColumn('name', 'text', naturalOrder)
    .addColumn('query', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('saved_searches_user_name_unique')
    .on('saved_searches')
    .columns(['user_id', 'entity_type', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('recent_views')
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (column) => column.notNull())
    .addColumn('entity_id', 'integer', (column) => column.notNull())
    .addColumn('viewed_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('recent_views_pk', ['user_id', 'entity_type', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('recent_views_user_idx')
    .on('recent_views')
    .columns(['user_id', 'viewed_at'])
    .execute();

  await withId(db.schema.createTable('notifications'), kind)
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('opportunity_id', 'integer', (column) => column.notNull().references('opportunities.id'))
    .addColumn('message', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'id'])
    .execute();

  await withId(db.schema.createTable('import_jobs'), kind)
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id'))
    .addColumn('entity_type', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) =>
      column.notNull().check(checkIn('status', ['running', 'succeeded', 'failed'])),
    )
    .addColumn('dry_run', 'integer', flag(0))
    .addColumn('total_rows', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('report', 'text')
    .addColumn('started_at', 'text', (column) => column.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('import_jobs_user_idx').on('import_jobs').columns(['user_id', 'id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await dropSearchIndex(db, 'opportunities');
  await dropSearchIndex(db, 'products');
  for (const table of [
    'import_jobs',
    'notifications',
    'recent_views',
    'saved_searches',
    'opportunity_defaults',
    'activities',
    'line_items',
    'stage_changes',
    'sales_team_members',
    'opportunity_contacts',
    'opportunities',
    'products',
    'exchange_rates',
    'currencies',
    'stages',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db
    .deleteFrom('app_settings' as never)
    .where('key' as never, '=', 'reporting_currency' as never)
    .execute();
}
