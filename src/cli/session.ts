// Opening the app for a command: configuration, logger, the plugins of plugins.config.ts. Loaded only by the commands
// that need them, so the others start quickly.
import 'reflect-metadata';
import { configurePlugins } from '../../plugins.config.js';
import { createApp, type App } from '../kernel/app.js';
import { captureConsole } from '../kernel/logger.js';
import type { Values } from './usage.js';

/**
 * The app for one command. Human output (no --json) leaves the JSON log out unless IOS_BACKUP_LOG__LEVEL asks for it:
 * a person reads the progress, the summary and the one-sentence error instead. `embedded`
 * lets the command fall back to (or be forced onto) the embedded PostgreSQL.
 */
export function openSession(values: Values, { embedded = true }: { embedded?: boolean } = {}): App {
  const human = !values.json && process.env.IOS_BACKUP_LOG__LEVEL === undefined;
  const app = createApp(configurePlugins, { ...(human ? { logLevel: 'fatal' as const } : {}), embedded });
  captureConsole(app.logger);
  return app;
}

/** Runs `body` with an app and closes it (and the embedded server, when this process was its last user) after. */
export async function withSession<T>(values: Values, body: (app: App) => Promise<T>, options?: { embedded?: boolean }): Promise<T> {
  const app = openSession(values, options);
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}
