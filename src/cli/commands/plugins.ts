// `ios-backup plugins`: the domains of plugins.config.ts, on or off, and the files each reads.
import { printPlugins } from '../output.js';
import { openSession } from '../session.js';
import type { Values } from '../usage.js';

export async function run(_positionals: string[], values: Values): Promise<number> {
  const app = openSession(values);
  if (values.json) {
    const list = app.plugins.map((plugin) => ({
      id: plugin.declaration.id,
      title: plugin.declaration.title,
      enabled: plugin.enabled,
      reason: plugin.reason ?? null,
      fileNames: plugin.declaration.source.fileNames,
      locations: plugin.declaration.source.locations,
    }));
    process.stdout.write(`${JSON.stringify({ plugins: list })}\n`);
  } else printPlugins(app.plugins);
  return 0;
}
