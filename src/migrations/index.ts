// The committed schema migrations, in order. A new migration is generated with `npm run migration:create`
// and added to this list by hand.
import { Migration20261128201318InitialSchema } from './Migration20261128201318InitialSchema.js';
import { Migration20261201194413BulkLoadSchema } from './Migration20261201194413BulkLoadSchema.js';
import { Migration20261201220000BackupRunId } from './Migration20261201220000BackupRunId.js';
import { Migration20261201234626PhotosTables } from './Migration20261201234626PhotosTables.js';
import { Migration20261202011730NotesTable } from './Migration20261202011730NotesTable.js';
import { Migration20261202034851CalendarTables } from './Migration20261202034851CalendarTables.js';
import { Migration20261202070000BackupFolders } from './Migration20261202070000BackupFolders.js';

/** Migrations applied by `ios-backup migrate`, `index` and the worker. */
export const migrationsList: Array<{ name: string; class: new (...args: any[]) => any }> = [
  { name: 'Migration20261128201318InitialSchema', class: Migration20261128201318InitialSchema },
  { name: 'Migration20261201194413BulkLoadSchema', class: Migration20261201194413BulkLoadSchema },
  { name: 'Migration20261201220000BackupRunId', class: Migration20261201220000BackupRunId },
  { name: 'Migration20261201234626PhotosTables', class: Migration20261201234626PhotosTables },
  { name: 'Migration20261202011730NotesTable', class: Migration20261202011730NotesTable },
  { name: 'Migration20261202034851CalendarTables', class: Migration20261202034851CalendarTables },
  { name: 'Migration20261202070000BackupFolders', class: Migration20261202070000BackupFolders },
];
