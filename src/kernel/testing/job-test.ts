// What a plugin's job test needs around it: its own PostgreSQL database with the migrations applied, a job runner
// over the given plugins that logs nothing, and a scratch folder; all removed by close(). useJobTest() opens and
// closes them around a test file's suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { MikroORM } from '@mikro-orm/postgresql';
import { IndexJobRunner } from '../job.js';
import { createLogger } from '../logger.js';
import { openOrm } from '../orm.js';
import type { RegisteredPlugin } from '../plugin.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** The database, ORM, runner and scratch folder of one job test file. */
export interface JobTest {
  db: TestDatabase;
  orm: MikroORM;
  runner: IndexJobRunner;
  folder: string;
  /** Closes the ORM, drops the database and removes the folder. */
  close(): Promise<void>;
}

/** Opens the job test of `label` (names the database and the folder). */
async function openJobTest(label: string, plugins: readonly RegisteredPlugin[]): Promise<JobTest> {
  const db = await createTestDatabase(label);
  let orm: MikroORM;
  try {
    orm = await openOrm(db.url, plugins);
  } catch (error) {
    await db.drop();
    throw error;
  }
  const folder = mkdtempSync(join(tmpdir(), `${label}-job-test-`));
  return {
    db,
    orm,
    runner: new IndexJobRunner({ orm, plugins, logger: createLogger('silent') }),
    folder,
    close: async () => {
      await orm.close(true);
      await db.drop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * The job test of the enclosing suite: opened in a `before` hook and closed in an `after` hook registered here, so a
 * test file writes `const test = useJobTest(...)` and reads `test.db`, `test.runner`, ... inside its tests and hooks.
 */
export function useJobTest(label: string, plugins: readonly RegisteredPlugin[]): Omit<JobTest, 'close'> {
  let opened: JobTest | undefined;
  before(async () => {
    opened = await openJobTest(label, plugins);
  });
  after(async () => {
    await opened?.close();
  });
  const current = (): JobTest => {
    if (!opened) throw new Error(`the job test "${label}" is used before its before() hook opened it`);
    return opened;
  };
  return {
    get db() {
      return current().db;
    },
    get orm() {
      return current().orm;
    },
    get runner() {
      return current().runner;
    },
    get folder() {
      return current().folder;
    },
  };
}
