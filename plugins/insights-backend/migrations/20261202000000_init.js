// @ts-check
/**
 * Events (one row per event id, whatever the retries) and the daily rollups
 * /summary reads. Days are `YYYY-MM-DD` (UTC) strings, so every query is the
 * same on SQLite and PostgreSQL.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('insights_events', table => {
    table.comment('Scrubbed analytics events; the only per-user value is the salted identity hash');
    table.string('id', 36).primary().notNullable().comment('The event UUID: stored once');
    table.string('day', 10).notNullable().comment('UTC day of the event (capped at its arrival)');
    table.string('timestamp', 40).notNullable().comment('RFC 3339, as captured');
    table.bigInteger('received_at').notNullable().comment('Arrival, ms since the epoch');
    table.text('action').notNullable();
    table.text('subject').notNullable();
    table.double('value').nullable();
    table.text('attributes').notNullable().comment('JSON object');
    table.text('context').notNullable().comment('JSON object');
    table.text('plugin_id').nullable().comment('context.pluginId');
    table.text('entity_ref').nullable().comment('context.entityRef or attributes.entityRef');
    table.string('identity', 64).nullable().comment('hex(sha256(userEntityRef + salt)), null when anonymous');
    table.text('team').nullable().comment('The user\'s group from the catalog at ingest');
    table.boolean('sample').notNullable().defaultTo(false).comment('Seeded sample data (demo)');
    table.index(['day', 'id'], 'insights_events_day_id_idx');
  });
  await knex.schema.createTable('insights_dirty_days', table => {
    table.comment('Days with events the rollups do not reflect yet');
    table.string('day', 10).primary().notNullable();
  });
  await knex.schema.createTable('insights_user_days', table => {
    table.comment('One row per user per active day (rollup)');
    table.string('day', 10).notNullable();
    table.string('identity', 64).notNullable();
    table.string('week', 10).notNullable().comment('Monday of the ISO week');
    table.string('month', 10).notNullable().comment('First day of the month');
    table.text('team').nullable();
    table.integer('events').notNullable();
    table.primary(['day', 'identity']);
    table.index(['identity', 'day'], 'insights_user_days_identity_day_idx');
  });
  await knex.schema.createTable('insights_key_days', table => {
    table.comment('Events per day per dimension (plugin, page, search, ...) and key (rollup)');
    table.string('day', 10).notNullable();
    table.string('dimension', 16).notNullable();
    table.text('key').notNullable();
    table.integer('events').notNullable();
    // Dimension first: a top list reads only its own rows.
    table.primary(['dimension', 'day', 'key']);
  });
  await knex.schema.createTable('insights_period_users', table => {
    table.comment('Distinct active users per day, ISO week and month (rollup)');
    table.string('kind', 8).notNullable().comment('day, week or month');
    table.string('period', 10).notNullable().comment('First day of the period');
    table.integer('users').notNullable();
    table.primary(['kind', 'period']);
  });
  await knex.schema.createTable('insights_users', table => {
    table.comment('First and last active day of each identity hash (rollup), for new and returning users');
    table.string('identity', 64).primary().notNullable();
    table.string('first_day', 10).notNullable();
    table.string('last_day', 10).notNullable();
    table.text('team').nullable().comment('The team of the last active day');
    table.index(['first_day'], 'insights_users_first_day_idx');
  });
  await knex.schema.createTable('insights_meta', table => {
    table.string('key', 64).primary().notNullable();
    table.text('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const t of ['insights_meta', 'insights_period_users', 'insights_users', 'insights_key_days', 'insights_user_days', 'insights_dirty_days', 'insights_events']) {
    await knex.schema.dropTable(t);
  }
};
