// Declaration of a domain that is registered but not built yet: it owns no tables and refuses to parse,
// so it can only ever be listed as disabled with its reason.
import { IosBackupError } from './errors.js';
import { definePlugin, type PluginDeclaration, type PluginSource } from './plugin.js';

/** A placeholder declaration for a planned domain; enabling it makes every parse fail with NOT_IMPLEMENTED. */
export function unimplementedPlugin(id: string, title: string, source: PluginSource): PluginDeclaration {
  return definePlugin({
    id,
    title,
    source,
    entities: [],
    search: {},
    parse: async () => {
      throw new IosBackupError('NOT_IMPLEMENTED', `the ${id} plugin is not implemented yet`);
    },
  });
}
