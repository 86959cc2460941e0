// The committed schema migrations, in order. A new migration is generated with `npm run migration:create`
// and added to this list and to names.ts by hand.
import { MIGRATION_NAMES } from './names.js';
import { Migration20261128201318InitialSchema } from './Migration20261128201318InitialSchema.js';
import { Migration20261201194413BulkLoadSchema } from './Migration20261201194413BulkLoadSchema.js';
import { Migration20261201220000BackupRunId } from './Migration20261201220000BackupRunId.js';
import { Migration20261201234626PhotosTables } from './Migration20261201234626PhotosTables.js';
import { Migration20261202011730NotesTable } from './Migration20261202011730NotesTable.js';
import { Migration20261202034851CalendarTables } from './Migration20261202034851CalendarTables.js';
import { Migration20261202070000BackupFolders } from './Migration20261202070000BackupFolders.js';
import { Migration20261202160000SearchEngine } from './Migration20261202160000SearchEngine.js';

const classes: Array<new (...args: any[]) => any> = [
  Migration20261128201318InitialSchema,
  Migration20261201194413BulkLoadSchema,
  Migration20261201220000BackupRunId,
  Migration20261201234626PhotosTables,
  Migration20261202011730NotesTable,
  Migration20261202034851CalendarTables,
  Migration20261202070000BackupFolders,
  Migration20261202160000SearchEngine,
];

if (classes.length !== MIGRATION_NAMES.length || classes.some((migration, i) => migration.name !== MIGRATION_NAMES[i])) {
  throw new Error('src/migrations/names.ts and src/migrations/index.ts list different migrations');
}

/** Migrations applied by `ios-backup migrate`, `index` and the worker. */
export const migrationsList: Array<{ name: string; class: new (...args: any[]) => any }> = classes.map((migration, i) => ({ name: MIGRATION_NAMES[i]!, class: migration }));
