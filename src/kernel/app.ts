// Start-up shared by the command line and the worker: configuration, logger, plugin registry and ORM.
// The composition root (plugins.config.ts) is passed in, so the kernel still never imports a plugin.
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { loadConfig, type AppConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { markInterrupted } from './job.js';
import { openOrm } from './orm.js';
import { tmpdir } from 'node:os';
import { chooseDatabase, type DatabaseChoice } from './database.js';
import { COPY_PREFIX } from './source.js';
import { sweepDeadFolders, WORK_FOLDER_PREFIX } from './work-folder.js';
import type { RegisteredPlugin } from './plugin.js';

export type { DatabaseChoice } from './database.js';
import { resolvePlugins } from './registry.js';

/** What every entry point needs. */
export interface App {
  config: AppConfig;
  logger: Logger;
  plugins: RegisteredPlugin[];
  container: DependencyContainer;
  /**
   * Opens the ORM (creating the database and applying migrations unless told not to); cached. With migrations applied,
   * backups left INDEXING by dead jobs are recorded as FAILED/INTERRUPTED and private copies of dead processes removed.
   */
  orm(options?: { migrate?: boolean }): Promise<MikroORM>;
  /** Which PostgreSQL this app uses (the embedded one is started or joined here); cached. */
  database(): Promise<DatabaseChoice>;
  close(): Promise<void>;
}

/** Builds the app from the environment and a plugin configuration function. */
export function createApp(
  configure: (container: DependencyContainer) => void,
  overrides: { env?: NodeJS.ProcessEnv; logLevel?: AppConfig['logLevel']; embedded?: boolean } = {},
): App {
  const config = loadConfig(overrides.env);
  const logger = createLogger(overrides.logLevel ?? config.logLevel);
  const container = rootContainer.createChildContainer();
  configure(container);
  const plugins = resolvePlugins(container);
  let orm: Promise<MikroORM> | undefined;
  let database: Promise<DatabaseChoice> | undefined;
  const choose = () => (database ??= chooseDatabase(config, { embedded: overrides.embedded ?? false }));
  const open = async (options?: { migrate?: boolean }): Promise<MikroORM> => {
    const { url } = await choose();
    const opened = await openOrm(url, plugins, { ...options, logger });
    if (options?.migrate === false) return opened;
    await recoverFromDeadRuns(opened, logger, config.workDir);
    return opened;
  };
  return {
    config,
    logger,
    plugins,
    container,
    orm: (options) => (orm ??= open(options)),
    database: choose,
    close: async () => {
      if (orm) await (await orm.catch(() => null))?.close(true);
      if (database) (await database.catch(() => null))?.embedded?.release();
    },
  };
}

/**
 * Start-up recovery: what jobs killed earlier left behind (see markInterrupted), and the private folders of processes
 * that no longer run, in the work directory and in the temp folder (copies made outside a job).
 */
export async function recoverFromDeadRuns(orm: MikroORM, logger: Logger, workDir: string = tmpdir()): Promise<void> {
  for (const backupId of await markInterrupted(orm)) {
    logger.warn({ step: 'interrupted', backupId }, 'backup was left INDEXING by a job that no longer runs: recorded FAILED (INTERRUPTED)');
  }
  const removed = await sweepDeadFolders(workDir, [WORK_FOLDER_PREFIX, COPY_PREFIX]);
  if (workDir !== tmpdir()) removed.push(...(await sweepDeadFolders(tmpdir(), [WORK_FOLDER_PREFIX, COPY_PREFIX])));
  if (removed.length > 0) logger.warn({ step: 'swept-copies', folders: removed.length }, 'removed private copies left by processes that no longer run');
}
