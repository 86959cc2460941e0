// Manifest.db, the map of an iOS 10+ backup: Files(fileID, domain, relativePath, flags, file). Read from a private
// copy in the job's work folder (decrypted first when the backup is encrypted), never in place.
import Database from 'better-sqlite3';
import { IosBackupError } from '../kernel/errors.js';
import { decodeMBFile, type MBFileRecord } from './plist.js';

/** Manifest.db is there but unusable (not SQLite, no Files table, a column missing). */
export class ManifestError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('MANIFEST_INVALID', message, { cause });
  }
}

/** `Files.flags`: what a row stands for. */
export const MANIFEST_FLAGS = { file: 1, directory: 2, symlink: 4 } as const;

/** One row of `Files`. */
export interface ManifestRow {
  fileId: string;
  domain: string;
  relativePath: string;
  flags: number;
  /** The MBFile blob (`file`), decoded on demand by `recordOf`. */
  blob: Buffer | null;
}

interface RawRow {
  fileID: unknown;
  domain: unknown;
  relativePath: unknown;
  flags: unknown;
  file: unknown;
}

const COLUMNS = ['fileID', 'domain', 'relativePath', 'flags', 'file'] as const;

function rowOf(raw: RawRow): ManifestRow | null {
  if (typeof raw.fileID !== 'string' || typeof raw.domain !== 'string' || typeof raw.relativePath !== 'string') return null;
  return { fileId: raw.fileID, domain: raw.domain, relativePath: raw.relativePath, flags: Number(raw.flags), blob: Buffer.isBuffer(raw.file) ? raw.file : null };
}

/** The MBFile record of a row, or why it cannot be read (no blob, or a blob that is not an MBFile archive). */
export function recordOf(row: ManifestRow): { record: MBFileRecord | null; error: string | null } {
  if (row.blob === null) return { record: null, error: 'it has no MBFile record' };
  try {
    return { record: decodeMBFile(row.blob, `the Manifest.db record of ${row.domain}/${row.relativePath}`), error: null };
  } catch (error) {
    return { record: null, error: (error as Error).message };
  }
}

/** Escapes `%`, `_` and the escape character itself for a LIKE pattern with ESCAPE '\'. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** An opened Manifest.db copy. */
export class Manifest {
  private readonly byIdStatement: Database.Statement;
  private readonly byPathStatement: Database.Statement;

  private constructor(private readonly db: Database.Database) {
    this.byIdStatement = db.prepare('SELECT fileID, domain, relativePath, flags, file FROM Files WHERE fileID = ?');
    this.byPathStatement = db.prepare('SELECT fileID, domain, relativePath, flags, file FROM Files WHERE domain = ? AND relativePath = ? ORDER BY fileID LIMIT 1');
  }

  /** Opens the copy read-only and checks it has the Files table with the columns read. */
  static open(copy: string): Manifest {
    let db: Database.Database;
    try {
      db = new Database(copy, { readonly: true, fileMustExist: true });
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      throw new ManifestError(`Manifest.db cannot be opened as SQLite: ${(error as Error).message}`, error);
    }
    const columns = new Set((db.prepare("SELECT name FROM pragma_table_info('Files')").all() as Array<{ name: string }>).map((c) => c.name));
    const missing = COLUMNS.filter((column) => !columns.has(column));
    if (missing.length > 0) {
      db.close();
      throw new ManifestError(columns.size === 0 ? 'Manifest.db has no Files table' : `Manifest.db Files lacks column(s) ${missing.join(', ')}`);
    }
    return new Manifest(db);
  }

  /** The row of a location: by its computed file id first (the primary key), else by domain and path. */
  find(fileId: string, domain: string, relativePath: string): ManifestRow | null {
    const byId = this.byIdStatement.get(fileId) as RawRow | undefined;
    if (byId && byId.domain === domain && byId.relativePath === relativePath) return rowOf(byId);
    const byPath = this.byPathStatement.get(domain, relativePath) as RawRow | undefined;
    return byPath ? rowOf(byPath) : null;
  }

  /** Domains matching a pattern where only `*` is special (as for folder names, see locate.ts), sorted. */
  domainsMatching(pattern: string): string[] {
    const glob = pattern.replace(/[[?]/g, (special) => `[${special}]`);
    const rows = this.db.prepare('SELECT DISTINCT domain FROM Files WHERE domain GLOB ? ORDER BY domain').all(glob) as Array<{ domain: unknown }>;
    return rows.map((row) => row.domain).filter((domain): domain is string => typeof domain === 'string');
  }

  /** Regular files of `domain` under `folder`, streamed in path order. */
  *under(domain: string, folder: string): IterableIterator<ManifestRow> {
    const prefix = `${folder.replace(/\/+$/, '')}/`;
    const rows = this.db
      .prepare(`SELECT fileID, domain, relativePath, flags, file FROM Files WHERE domain = ? AND flags = ? AND relativePath LIKE ? ESCAPE '\\' ORDER BY relativePath`)
      .iterate(domain, MANIFEST_FLAGS.file, `${likeLiteral(prefix)}%`) as IterableIterator<RawRow>;
    for (const raw of rows) {
      // LIKE is case-insensitive for ASCII: keep only exact prefixes.
      if (typeof raw.relativePath !== 'string' || !raw.relativePath.startsWith(prefix)) continue;
      const row = rowOf(raw);
      if (row) yield row;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
