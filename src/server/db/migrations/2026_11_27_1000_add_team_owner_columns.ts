import { sql } from 'kysely';
import { kindOf, type MigrationDb } from '../migration-helpers.ts';

/**
 * The "on the sales team" branch of visibility (SPEC §5) must not read every deal a person owns:
 * a seller is on the team of each of their own deals, a manager often too. Each membership now
 * carries its deal's owner and owning firm, kept in step by triggers on both engines, so the branch
 * reads only the memberships that add something (a deal owned by someone else, or by another firm)
 * from one index.
 */
export async function up(db: MigrationDb): Promise<void> {
  const kind = kindOf(db);
  await db.schema.alterTable('sales_team_members').addColumn('owner_id', 'integer').execute();
  await db.schema.alterTable('sales_team_members').addColumn('owner_firm_id', 'integer').execute();
  await sql`
    update sales_team_members set
      owner_id = (select o.owner_id from opportunities o where o.id = sales_team_members.opportunity_id),
      owner_firm_id = (select o.owner_firm_id from opportunities o where o.id = sales_team_members.opportunity_id)`.execute(
    db,
  );
  if (kind === 'sqlite') {
    await sql`
      create trigger sales_team_members_owner_insert after insert on sales_team_members begin
        update sales_team_members set
          owner_id = (select owner_id from opportunities where id = new.opportunity_id),
          owner_firm_id = (select owner_firm_id from opportunities where id = new.opportunity_id)
        where opportunity_id = new.opportunity_id and user_id = new.user_id;
      end`.execute(db);
    await sql`
      create trigger opportunities_owner_team_update after update of owner_id, owner_firm_id on opportunities begin
        update sales_team_members set owner_id = new.owner_id, owner_firm_id = new.owner_firm_id
        where opportunity_id = new.id;
      end`.execute(db);
  } else {
    await sql`
      create or replace function sales_team_members_owner() returns trigger language plpgsql as $$
      begin
        select o.owner_id, o.owner_firm_id into new.owner_id, new.owner_firm_id from opportunities o where o.id = new.opportunity_id;
        return new;
      end $$`.execute(db);
    await sql`
      create trigger sales_team_members_owner_insert before insert on sales_team_members
      for each row execute function sales_team_members_owner()`.execute(db);
    await sql`
      create or replace function opportunities_owner_team() returns trigger language plpgsql as $$
      begin
        update sales_team_members set owner_id = new.owner_id, owner_firm_id = new.owner_firm_id
        where opportunity_id = new.id;
        return new;
      end $$`.execute(db);
    await sql`
      create trigger opportunities_owner_team_update after update of owner_id, owner_firm_id on opportunities
      for each row when (old.owner_id is distinct from new.owner_id or old.owner_firm_id is distinct from new.owner_firm_id)
      execute function opportunities_owner_team()`.execute(db);
  }
  await db.schema
    .createIndex('sales_team_members_user_owner_idx')
    .on('sales_team_members')
    .columns(['user_id', 'owner_firm_id', 'owner_id', 'opportunity_id'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  const kind = kindOf(db);
  await db.schema.dropIndex('sales_team_members_user_owner_idx').execute();
  if (kind === 'sqlite') {
    await sql`drop trigger if exists sales_team_members_owner_insert`.execute(db);
    await sql`drop trigger if exists opportunities_owner_team_update`.execute(db);
  } else {
    await sql`drop trigger if exists sales_team_members_owner_insert on sales_team_members`.execute(db);
    await sql`drop trigger if exists opportunities_owner_team_update on opportunities`.execute(db);
    await sql`drop function if exists sales_team_members_owner()`.execute(db);
    await sql`drop function if exists opportunities_owner_team()`.execute(db);
  }
  await db.schema.alterTable('sales_team_members').dropColumn('owner_firm_id').execute();
  await db.schema.alterTable('sales_team_members').dropColumn('owner_id').execute();
}
