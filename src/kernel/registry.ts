// Plugin registry on the tsyringe container: plugins.config.ts registers declarations under one token,
// the kernel resolves them all without importing any plugin. Duplicate or malformed ids fail at start-up.
import type { DependencyContainer } from 'tsyringe';
import { RegistryError } from './errors.js';
import type { PluginDeclaration, RegisteredPlugin } from './plugin.js';

/** The container token every plugin is registered under. */
export const PLUGINS = 'ios-backup:plugins';

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** One line of plugins.config.ts. */
export type PluginEntry =
  | { plugin: PluginDeclaration<any>; enabled: true; options?: Readonly<Record<string, unknown>> }
  | { plugin: PluginDeclaration<any>; enabled: false; reason: string; options?: Readonly<Record<string, unknown>> };

/** Checks a full set of registered plugins: kebab-case ids, no duplicates, a reason on every disabled one. */
export function validateRegistry(plugins: readonly RegisteredPlugin[]): void {
  const seen = new Set<string>();
  for (const { declaration, enabled, reason } of plugins) {
    if (!KEBAB_CASE.test(declaration.id)) throw new RegistryError(`plugin id "${declaration.id}" is not kebab-case`);
    if (seen.has(declaration.id)) throw new RegistryError(`duplicate plugin id "${declaration.id}"`);
    seen.add(declaration.id);
    if (!enabled && !reason?.trim()) throw new RegistryError(`plugin "${declaration.id}" is disabled without a reason`);
  }
}

/** The entries as registered plugins (defaults merged into options), each checked; no container involved. */
export function pluginsOf(entries: readonly PluginEntry[], alreadyRegistered: readonly RegisteredPlugin[] = []): RegisteredPlugin[] {
  const plugins: RegisteredPlugin[] = entries.map((entry) => ({
    declaration: entry.plugin,
    enabled: entry.enabled,
    reason: entry.enabled ? undefined : entry.reason,
    options: { ...(entry.plugin.defaultOptions ?? {}), ...(entry.options ?? {}) },
  }));
  validateRegistry([...alreadyRegistered, ...plugins]);
  for (const { declaration, options } of plugins) {
    const problem = declaration.checkOptions?.(options) ?? null;
    if (problem) throw new RegistryError(`plugin "${declaration.id}": ${problem}`);
  }
  return plugins;
}

/** Registers the entries, in order, under {@link PLUGINS}. */
export function registerPlugins(container: DependencyContainer, entries: readonly PluginEntry[]): void {
  for (const plugin of pluginsOf(entries, resolvePlugins(container))) container.register(PLUGINS, { useValue: plugin });
}

/** Every registered plugin in registration order (enabled or not); validated again. */
export function resolvePlugins(container: DependencyContainer): RegisteredPlugin[] {
  if (!container.isRegistered(PLUGINS, true)) return [];
  const plugins = container.resolveAll<RegisteredPlugin>(PLUGINS);
  validateRegistry(plugins);
  return plugins;
}
