// `ios-backup plugins`: the domains of plugins.config.ts, on or off, and the files each reads.
// Reads the registry only (no ORM, no database): it answers at once.
import 'reflect-metadata';
import { pluginEntries } from '../../../plugins.config.js';
import { loadConfig } from '../../kernel/config.js';
import { pluginsOf } from '../../kernel/registry.js';
import { printPlugins } from '../output.js';
import type { Values } from '../usage.js';

export async function run(_positionals: string[], values: Values): Promise<number> {
  loadConfig(); // a bad IOS_BACKUP_* variable is named here as for every other command
  const plugins = pluginsOf(pluginEntries); // the same entries and checks configurePlugins registers, without tsyringe
  if (values.json) {
    const list = plugins.map((plugin) => ({
      id: plugin.declaration.id,
      title: plugin.declaration.title,
      enabled: plugin.enabled,
      reason: plugin.reason ?? null,
      fileNames: plugin.declaration.source.fileNames,
      locations: plugin.declaration.source.locations,
    }));
    process.stdout.write(`${JSON.stringify({ plugins: list })}\n`);
  } else printPlugins(plugins);
  return 0;
}
