// Developer tool: generates the next migration by diffing the entities against a scratch database that has
// every committed migration applied. Run `npm run migration:create`, then add the new class to index.ts.
import 'reflect-metadata';
import { container } from 'tsyringe';
import pg from 'pg';
import { configurePlugins } from '../../plugins.config.js';
import { loadConfig } from '../kernel/config.js';
import { openOrm } from '../kernel/orm.js';
import { resolvePlugins } from '../kernel/registry.js';

const config = loadConfig();
configurePlugins(container);
const scratch = new URL(config.databaseUrl);
const scratchName = `ios_backup_migration_${process.pid}`;
scratch.pathname = `/${scratchName}`;
const admin = new URL(config.databaseUrl);
admin.pathname = '/postgres';

const orm = await openOrm(scratch.toString(), resolvePlugins(container));
try {
  const result = await orm.getMigrator().createMigration('src/migrations', false, false);
  if (result.fileName) console.log(`wrote src/migrations/${result.fileName}: add it to src/migrations/index.ts`);
  else console.log('the schema is up to date: no migration written');
} finally {
  await orm.close(true);
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${scratchName}"`);
  await client.end();
}
