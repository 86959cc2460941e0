// The names of the committed migrations, in order, without loading them: read-only commands check a database is
// current with this list alone (index.ts checks it names the same classes).
export const MIGRATION_NAMES: readonly string[] = [
  'Migration20261128201318InitialSchema',
  'Migration20261201194413BulkLoadSchema',
  'Migration20261201220000BackupRunId',
  'Migration20261201234626PhotosTables',
  'Migration20261202011730NotesTable',
  'Migration20261202034851CalendarTables',
  'Migration20261202070000BackupFolders',
  'Migration20261202160000SearchEngine',
];
