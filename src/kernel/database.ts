// Which PostgreSQL a process uses: the configured one, the default address, or the embedded server. Light (no ORM),
// so read-only commands decide quickly.
import { redactUrl, type AppConfig } from './config.js';
import { answers, defaultEmbeddedDir, joinEmbedded, type EmbeddedServer } from './embedded.js';

/** The database an app talks to. */
export interface DatabaseChoice {
  url: string;
  kind: 'configured' | 'default' | 'embedded';
  /** Said to a person: where the data is. */
  description: string;
  embedded?: EmbeddedServer;
}

/**
 * Why this configuration uses the embedded server, or null when it uses a URL: forced (IOS_BACKUP_DATABASE__URL=
 * embedded), or nothing configured and nothing answering at the default address (only when `embedded` allows it).
 */
export async function embeddedReason(config: AppConfig, { embedded, timeoutMs }: { embedded: boolean; timeoutMs?: number }): Promise<string | null> {
  if (config.databaseMode === 'embedded') return 'IOS_BACKUP_DATABASE__URL=embedded';
  if (config.databaseMode !== 'default' || !embedded) return null;
  const target = new URL(config.databaseUrl);
  return (await answers(target.hostname, Number(target.port || 5432), timeoutMs)) ? null : `nothing answers at ${target.host}`;
}

/**
 * Picks the database: the configured URL; or, with nothing configured, the default address when something answers
 * there, else (when `embedded` is allowed) the embedded server; or the embedded server when forced.
 */
export async function chooseDatabase(config: AppConfig, { embedded }: { embedded: boolean }): Promise<DatabaseChoice> {
  const why = await embeddedReason(config, { embedded });
  if (why !== null) {
    const folder = config.embeddedDir ?? defaultEmbeddedDir();
    const server = await joinEmbedded(folder);
    return { url: server.url, kind: 'embedded', description: `the embedded PostgreSQL in ${folder} (${why})`, embedded: server };
  }
  const where = redactUrl(config.databaseUrl);
  return { url: config.databaseUrl, kind: config.databaseMode === 'default' ? 'default' : 'configured', description: `PostgreSQL at ${where}` };
}
