// Evidence hygiene of `index`: every private copy lives in one 0700 folder per job under the work directory; SIGINT
// and SIGTERM leave nothing, a SIGKILL leaves a folder the next `index` removes, and a closed pipe ends it cleanly;
// each leaves the previous index as it was.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, finished, start, watch, type Watched } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { buildBulkAddressBook } from '../plugins/contacts/testing/build-address-book.js';

const scratch = mkdtempSync(join(tmpdir(), 'work-folder-test-'));
const work = join(scratch, 'work');
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
/** A folder-per-domain backup whose address book is large enough for a job to be caught halfway. */
let slow: string;
const SLOW_PEOPLE = 100_000;

before(async () => {
  db = await createTestDatabase('work_folder');
  env = { IOS_BACKUP_DATABASE__URL: db.url, IOS_BACKUP_WORK__DIR: work, IOS_BACKUP_LOG__LEVEL: 'warn' };
  slow = join(scratch, 'slow-backup');
  mkdirSync(join(slow, 'HomeDomain/Library/AddressBook'), { recursive: true });
  buildBulkAddressBook(join(slow, 'HomeDomain/Library/AddressBook/AddressBook.sqlitedb'), { people: SLOW_PEOPLE, valuesPerPerson: 1 });
  // The database must exist and be migrated before a job is caught halfway (the first run creates it).
  const first = await cli(['index', fixturePath('backups/ios7-domain-layout'), '--json'], env);
  assert.equal(first.code, 0, first.stderr);
});
after(async () => {
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function folders(): string[] {
  try {
    return readdirSync(work);
  } catch {
    return [];
  }
}

/** Contacts indexed for the slow backup (its first, complete index). */
async function contacts(): Promise<number> {
  const [row] = await db.query("SELECT count(*)::int AS n FROM contact WHERE backup_id = 'slow'");
  return row!.n;
}

/** Starts `index` on the slow backup and waits until its contacts are being read (its private copy exists). */
async function startSlowIndex(): Promise<Watched> {
  const running = watch('cli/main.js', ['index', slow, '--backup-id', 'slow'], env);
  await running.seen('contacts: reading', 1);
  return running;
}

describe('the private work folder of a job', () => {
  test('is one 0700 folder named after the process while the job runs, and is gone after it', async () => {
    const running = await startSlowIndex();
    const mine = folders().filter((name) => name.startsWith(`ios-backup-job-${running.child.pid}@`));
    assert.equal(mine.length, 1, JSON.stringify(folders()));
    assert.equal(statSync(join(work, mine[0]!)).mode & 0o777, 0o700);
    const result = await running.done;
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(folders(), []);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    test(`${signal} halfway leaves nothing in the work folder and the previous index intact`, async () => {
      const running = await startSlowIndex();
      running.child.kill(signal);
      const result = await running.done;
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, new RegExp(`stopped by ${signal}; the private copies were removed`));
      assert.deepEqual(folders(), []);
      assert.equal(await contacts(), SLOW_PEOPLE, 'the previous index is intact');
    });
  }

  test('SIGKILL leaves a folder that the next index removes', async () => {
    const running = await startSlowIndex();
    const pid = running.child.pid!;
    running.child.kill('SIGKILL');
    await running.done;
    assert.equal(await contacts(), SLOW_PEOPLE, 'the previous index is intact');
    assert.equal(folders().filter((name) => name.startsWith(`ios-backup-job-${pid}@`)).length, 1, 'nothing ran to remove it');
    const next = await cli(['index', fixturePath('backups/ios7-domain-layout'), '--json'], env);
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(folders(), []);
  });

  test('a closed stderr under a running job (a reader that went away) ends it quietly: exit 0, folder removed, previous index intact', async () => {
    const child = start('cli/main.js', ['index', slow, '--backup-id', 'slow'], env);
    // Nobody reads the progress lines: the first one written after this fails with EPIPE.
    child.stderr!.destroy();
    const result = await finished(child);
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.stdout, /at .*\.js:\d+/);
    assert.deepEqual(folders(), []);
    assert.equal(await contacts(), SLOW_PEOPLE, 'the previous index is intact');
  });
});
