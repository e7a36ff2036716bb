// @ts-check
/**
 * Rollups now count each day's events without an identity (dimension
 * `anonymous`): days already holding such events are marked for the next
 * rollup, so /summary does not report their users as complete counts.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    `insert into insights_dirty_days (day)
     select distinct day from insights_events
     where identity is null and day not in (select day from insights_dirty_days)`,
  );
};

/** Nothing to undo: a marked day is only counted again. @param {import('knex').Knex} _knex */
exports.down = async function down(_knex) {};
