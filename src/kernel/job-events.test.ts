// The job's progress as events and lines: the rows a source's measure expects, rows done as they are written, each
// plugin's outcome, disabled and absent plugins, and a job waiting on another's lock saying so instead of silence.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { calendarPlugin } from '../plugins/calendar/plugin.js';
import { contactsPlugin } from '../plugins/contacts/plugin.js';
import { buildBulkAddressBook } from '../plugins/contacts/testing/build-address-book.js';
import { messagesPlugin } from '../plugins/messages/plugin.js';
import { IndexJobRunner, reportOf, type JobEvent, type PluginReport } from './job.js';
import { createLogger } from './logger.js';
import type { RegisteredPlugin } from './plugin.js';
import { useJobTest } from './testing/job-test.js';

const plugins: RegisteredPlugin[] = [
  { declaration: contactsPlugin, enabled: true, options: {} },
  { declaration: messagesPlugin, enabled: true, options: {} },
  { declaration: calendarPlugin, enabled: false, reason: 'not available yet', options: {} },
];

const PEOPLE = 3500;

/** A runner of the test's ORM that keeps every event and line. */
function recordingRunner(orm: MikroORM) {
  const events: JobEvent[] = [];
  const lines: string[] = [];
  const runner = new IndexJobRunner({
    orm,
    plugins,
    logger: createLogger('silent'),
    onEvent: (event) => events.push(event),
    progress: (line) => lines.push(line),
  });
  return { runner, events, lines };
}

describe('job progress events', () => {
  const test = useJobTest('job_events', plugins);

  it('a source starts with the rows expected, reports rows done as it writes, and finishes with its outcome', async () => {
    const book = join(test.folder, 'AddressBook.sqlitedb');
    buildBulkAddressBook(book, { people: PEOPLE, valuesPerPerson: 2 });
    const { runner, events, lines } = recordingRunner(test.orm);
    const result = await runner.run({ backupId: 'events', artifacts: { contacts: book } });
    assert.equal(result.status, 'INDEXED');

    assert.deepEqual(
      events.filter((event) => event.type !== 'source-rows').map((event) => event.type),
      ['indexing', 'source-started', 'source-finished', 'plugin-skipped', 'plugin-skipped', 'finishing'],
    );
    const started = events.find((event) => event.type === 'source-started');
    assert.deepEqual(started, { type: 'source-started', plugin: 'contacts', title: 'Contacts', source: book, sources: 1, expectedRows: PEOPLE });
    const rows = events.flatMap((event) => (event.type === 'source-rows' ? [event] : []));
    assert.ok(rows.length >= 5, `rows reported while writing (${rows.length} times)`);
    for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i]!.rows >= rows[i - 1]!.rows && rows[i]!.written > rows[i - 1]!.written);
    assert.ok(rows.every((event) => event.rows <= PEOPLE && event.written % 1000 === 0));
    const finished = events.find((event) => event.type === 'source-finished');
    assert.equal(finished?.type === 'source-finished' && finished.status, 'completed');
    assert.equal(finished?.type === 'source-finished' && finished.rows, PEOPLE);
    const skipped = events.flatMap((event) => (event.type === 'plugin-skipped' ? [[event.plugin, event.skipped, event.reason]] : []));
    assert.deepEqual(skipped, [
      ['messages', 'not-found', 'no artifact for this plugin in the job'],
      ['calendar', 'disabled', 'disabled: not available yet'],
    ]);

    // The lines are what they were before the events: the worker and piped output read them.
    assert.equal(lines[0], 'indexing backup events');
    assert.equal(lines[1], `contacts: reading ${book}`);
    assert.match(lines[2]!, /^contacts: completed in \d+ ms$/);
    assert.equal(lines.length, 3);

    const contacts = result.plugins.find((plugin) => plugin.id === 'contacts')!;
    assert.ok(contacts.durationMs >= 0 && contacts.durationMs === (finished?.type === 'source-finished' ? finished.durationMs : -1));
    assert.equal(result.plugins.find((plugin) => plugin.id === 'calendar')!.skipped, 'disabled');
    assert.equal(result.plugins.find((plugin) => plugin.id === 'messages')!.skipped, 'not-found');
  });

  it('a job whose backup another job holds says it waits, then runs when the lock is free', async () => {
    const holder = new pg.Client({ connectionString: test.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT pg_advisory_xact_lock(hashtextextended('ios-backup:waiting', 0))");
      const { runner, events, lines } = recordingRunner(test.orm);
      const running = runner.run({ backupId: 'waiting', artifacts: {} });
      const deadline = Date.now() + 30_000;
      while (!events.some((event) => event.type === 'waiting') && Date.now() < deadline) await sleep(20);
      assert.deepEqual(events, [{ type: 'waiting', backupId: 'waiting' }], 'waiting, and nothing else yet');
      assert.deepEqual(lines, ['waiting: another job is indexing backup waiting; this one starts when it ends']);
      await holder.query('COMMIT');
      const result = await running;
      assert.equal(result.status, 'INDEXED');
      assert.equal(events[1]?.type, 'indexing');
    } finally {
      await holder.end();
    }
  });
});

describe('a plugin report from its sources', () => {
  const outcome = (status: PluginReport['status'], durationMs: number, skipped?: PluginReport['skipped']): PluginReport => ({
    id: 'whatsapp',
    status,
    rows: status === 'completed' ? { whatsapp_message: 3 } : {},
    warnings: [],
    searchDocuments: 0,
    durationMs,
    ...(skipped ? { skipped, reason: 'listed in Manifest.db but absent' } : {}),
  });

  it('adds up the sources\' time, and is skipped (with why) only when no source ran', () => {
    const mixed = reportOf('whatsapp', [outcome('completed', 40), outcome('skipped', 0, 'not-found')]);
    assert.equal(mixed.status, 'completed');
    assert.equal(mixed.skipped, undefined);
    assert.equal(mixed.durationMs, 40);
    const none = reportOf('whatsapp', [outcome('skipped', 0, 'not-found'), outcome('skipped', 0, 'not-found')]);
    assert.equal(none.status, 'skipped');
    assert.equal(none.skipped, 'not-found');
    assert.equal(reportOf('whatsapp', [outcome('completed', 40), outcome('completed', 2)]).durationMs, 42);
  });
});
