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

/** Firms, users, sign-in, clients, BPContacts, audit, favorites (SPEC §1, §2, §9). */
export async function up(db: MigrationDb): Promise<void> {
  const kind = kindOf(db);
  const naturalOrder = naturalText(await naturalTextCollation(db));

  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('number_sequences')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('next_value', 'bigint', (column) => column.notNull())
    .execute();

  await withVersion(
    withTimestamps(
      withId(db.schema.createTable('firms'), kind)
        .addColumn('name', 'text', naturalOrder)
        .addColumn('kind', 'text', (column) => column.notNull().check(checkIn('kind', ['vendor', 'partner'])))
        .addColumn('is_distributor', 'integer', flag(0))
        .addColumn('is_in_good_standing', 'integer', flag(1))
        .addColumn('is_authorized', 'integer', flag(1))
        .addColumn('distributor_firm_id', 'integer', (column) => column.references('firms.id')),
    ),
  ).execute();
  await db.schema.createIndex('firms_name_unique').on('firms').column('name').unique().execute();

  await withVersion(
    withTimestamps(
      withId(db.schema.createTable('users'), kind)
        .addColumn('firm_id', 'integer', (column) => column.notNull().references('firms.id'))
        .addColumn('email', 'text', (column) => column.notNull())
        .addColumn('name', 'text', naturalOrder)
        .addColumn('role', 'text', (column) =>
          column
            .notNull()
            .check(checkIn('role', ['seller', 'manager', 'vendor-rep', 'vendor-reviewer', 'admin'])),
        )
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('is_active', 'integer', flag(1))
        .addColumn('last_login_at', 'text'),
    ),
  ).execute();
  await db.schema.createIndex('users_email_unique').on('users').column('email').unique().execute();
  await db.schema.createIndex('users_firm_name_idx').on('users').columns(['firm_id', 'name']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('last_seen_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await withId(db.schema.createTable('api_tokens'), kind)
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('prefix', 'text', (column) => column.notNull())
    .addColumn('token_hash', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('api_tokens_hash_unique')
    .on('api_tokens')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

  await withId(db.schema.createTable('sign_in_events'), kind)
    .addColumn('email', 'text', (column) => column.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('ip', 'text')
    .addColumn('succeeded', 'integer', (column) => column.notNull())
    .addColumn('at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_events_email_idx')
    .on('sign_in_events')
    .columns(['email', 'at'])
    .execute();
  await db.schema.createIndex('sign_in_events_ip_idx').on('sign_in_events').columns(['ip', 'at']).execute();

  await withVersion(
    withTimestamps(
      withId(db.schema.createTable('clients'), kind)
        .addColumn('client_number', 'text', (column) => column.notNull())
        .addColumn('name', 'text', naturalOrder)
        .addColumn('industry', 'text')
        .addColumn('address_line1', 'text')
        .addColumn('address_line2', 'text')
        .addColumn('city', 'text')
        .addColumn('region', 'text')
        .addColumn('postal_code', 'text')
        .addColumn('country', 'text')
        .addColumn('website', 'text')
        .addColumn('phone', 'text')
        .addColumn('employees', 'integer')
        .addColumn('description', 'text')
        .addColumn('parent_client_id', 'integer', (column) => column.references('clients.id'))
        .addColumn('owner_firm_id', 'integer', (column) => column.notNull().references('firms.id'))
        .addColumn('is_vendor_registered', 'integer', flag(0))
        .addColumn('created_by', 'integer', (column) => column.references('users.id'))
        .addColumn('updated_by', 'integer', (column) => column.references('users.id')),
    ).addColumn('deleted_at', 'text'),
  ).execute();
  await db.schema
    .createIndex('clients_number_unique')
    .on('clients')
    .column('client_number')
    .unique()
    .execute();
  await db.schema
    .createIndex('clients_firm_name_idx')
    .on('clients')
    .columns(['owner_firm_id', 'name', 'id'])
    .execute();
  await db.schema
    .createIndex('clients_shared_name_idx')
    .on('clients')
    .columns(['is_vendor_registered', 'name', 'id'])
    .execute();
  await db.schema.createIndex('clients_parent_idx').on('clients').column('parent_client_id').execute();
  await createSearchIndex(db, 'clients', ['name', 'client_number', 'city', 'website']);

  await withVersion(
    withTimestamps(
      withId(db.schema.createTable('contacts'), kind)
        .addColumn('client_id', 'integer', (column) => column.notNull().references('clients.id'))
        .addColumn('owner_firm_id', 'integer', (column) => column.notNull().references('firms.id'))
        .addColumn('is_vendor_registered', 'integer', flag(0))
        .addColumn('first_name', 'text')
        .addColumn('last_name', 'text', naturalOrder)
        .addColumn('title', 'text')
        .addColumn('department', 'text')
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('mobile', 'text')
        .addColumn('notes', 'text')
        .addColumn('created_by', 'integer', (column) => column.references('users.id'))
        .addColumn('updated_by', 'integer', (column) => column.references('users.id')),
    ).addColumn('deleted_at', 'text'),
  ).execute();
  await db.schema
    .createIndex('contacts_client_idx')
    .on('contacts')
    .columns(['client_id', 'last_name'])
    .execute();
  await db.schema
    .createIndex('contacts_firm_name_idx')
    .on('contacts')
    .columns(['owner_firm_id', 'last_name', 'id'])
    .execute();
  await db.schema
    .createIndex('contacts_shared_name_idx')
    .on('contacts')
    .columns(['is_vendor_registered', 'last_name', 'id'])
    .execute();
  await db.schema.createIndex('contacts_email_idx').on('contacts').column('email').execute();
  await createSearchIndex(db, 'contacts', ['first_name', 'last_name', 'email', 'title']);

  await withId(db.schema.createTable('audit_entries'), kind)
    .addColumn('entity_type', 'text', (column) => column.notNull())
    .addColumn('entity_id', 'integer', (column) => column.notNull())
    .addColumn('parent_id', 'integer')
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('field', 'text')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('changed_by', 'integer', (column) => column.references('users.id'))
    .addColumn('changed_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('audit_entries_entity_idx')
    .on('audit_entries')
    .columns(['entity_type', 'entity_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_entries_parent_idx')
    .on('audit_entries')
    .columns(['entity_type', 'parent_id', 'id'])
    .execute();

  await db.schema
    .createTable('favorites')
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (column) => column.notNull())
    .addColumn('entity_id', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('favorites_pk', ['user_id', 'entity_type', 'entity_id'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await dropSearchIndex(db, 'contacts');
  await dropSearchIndex(db, 'clients');
  for (const table of [
    'favorites',
    'audit_entries',
    'contacts',
    'clients',
    'sign_in_events',
    'api_tokens',
    'sessions',
    'users',
    'firms',
    'number_sequences',
    'app_settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
