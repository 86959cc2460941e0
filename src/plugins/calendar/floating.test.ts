// Floating events under the zone of the process that indexes them: a floating all-day holiday stays on its calendar
// date, and a zoned meeting on its own zone's wall clock, whatever TZ says. The file runs once in this process and
// again in child processes under TZ values fourteen hours east and eleven hours west of UTC.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { RegisteredPlugin } from '../../kernel/plugin.js';
import { useJobTest } from '../../kernel/testing/job-test.js';
import { calendarPlugin } from './plugin.js';
import { buildSampleCalendarDb } from './testing/build-calendar-db.js';

const plugins: RegisteredPlugin[] = [{ declaration: calendarPlugin, enabled: true, options: {} }];
/** Set in the child processes, which run the zone checks only. */
const CHILD_ZONE = 'IOS_BACKUP_TEST_CHILD_ZONE';
const OTHER_ZONES = ['Pacific/Kiritimati', 'Pacific/Pago_Pago'];
const zone = process.env.TZ ?? '(unset)';

describe(`floating and zoned calendar times under TZ=${zone}`, () => {
  const test = useJobTest('calendar_zone', plugins);

  it('runs under the zone it was given (in the child processes)', { skip: process.env[CHILD_ZONE] === undefined }, () => {
    const expected = process.env[CHILD_ZONE]!;
    assert.equal(Intl.DateTimeFormat().resolvedOptions().timeZone, expected);
    // Kiritimati is UTC+14 and Pago Pago UTC-11: a local midnight there is another UTC date.
    assert.equal(new Date(2016, 3, 15).getTimezoneOffset(), expected === 'Pacific/Kiritimati' ? -840 : 660);
  });

  it('keeps a floating all-day event on its calendar date, and a zoned one on its zone clock', async () => {
    const path = join(test.folder, 'Calendar.sqlitedb');
    buildSampleCalendarDb(path);
    const result = await test.runner.run({ backupId: 'zones', artifacts: { calendar: path } });
    assert.equal(result.plugins[0]!.status, 'completed', result.plugins[0]!.error ?? '');
    const rows = await test.db.query(`
      SELECT summary, start_local, start_local::text AS local, start_local::date::text AS day, start_at, floating, all_day
        FROM calendar_event WHERE backup_id = 'zones' AND summary IN ('Tax Day', 'Emma Wilson’s Birthday', 'Dinner in Shibuya') ORDER BY summary`);
    assert.deepEqual(
      rows.map((row) => [row.summary, row.local, row.day, row.floating, row.all_day]),
      [
        ['Dinner in Shibuya', '2016-04-20 19:00:00', '2016-04-20', false, false],
        ['Emma Wilson’s Birthday', '2016-07-09 00:00:00', '2016-07-09', true, true],
        ['Tax Day', '2016-04-15 00:00:00', '2016-04-15', true, true],
      ],
    );
    // pg reads a timestamp without zone as local time: a reader of the row sees the same calendar date in any zone.
    const taxDay = rows.find((row) => row.summary === 'Tax Day')!;
    const local = taxDay.start_local as Date;
    assert.deepEqual([local.getFullYear(), local.getMonth() + 1, local.getDate(), local.getHours()], [2016, 4, 15, 0]);
    assert.equal((taxDay.start_at as Date).toISOString(), '2016-04-15T00:00:00.000Z');
    const [document] = await test.db.query("SELECT occurred_at FROM artifact_search_index WHERE backup_id = 'zones' AND title = 'Tax Day'");
    assert.equal((document!.occurred_at as Date).toISOString(), '2016-04-15T00:00:00.000Z');
  });

  it(`passes the same checks under TZ=${OTHER_ZONES.join(' and TZ=')}`, { skip: process.env[CHILD_ZONE] !== undefined }, () => {
    const self = fileURLToPath(import.meta.url);
    // Without NODE_TEST_CONTEXT the child reports in plain TAP instead of to this runner's protocol.
    const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
    for (const other of OTHER_ZONES) {
      const child = spawnSync(process.execPath, ['--test', '--test-reporter=tap', self], {
        env: { ...env, TZ: other, [CHILD_ZONE]: other },
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(child.status, 0, `under TZ=${other}:\n${child.stdout}\n${child.stderr}`);
      assert.match(child.stdout, new RegExp(`under TZ=${other.replace('/', '\\/')}`));
      assert.match(child.stdout, /# pass 2\n# fail 0\n/);
    }
  });
});
