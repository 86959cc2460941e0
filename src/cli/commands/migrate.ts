// `ios-backup migrate`: applies pending migrations to the configured (or embedded) database.
import { applyMigrations } from '../../kernel/orm.js';
import { withSession } from '../session.js';
import type { Values } from '../usage.js';

export async function run(_positionals: string[], values: Values): Promise<number> {
  return withSession(values, async (app) => {
    const orm = await app.orm({ migrate: false });
    const applied = await applyMigrations(orm);
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n');
    return 0;
  });
}
