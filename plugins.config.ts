// Composition root: which artifact domains are on, with their options. Adding a domain is one import and one line.
// A disabled entry stays here with the reason; the kernel resolves whatever is registered under PLUGINS.
import type { DependencyContainer } from 'tsyringe';
import { registerPlugins, type PluginEntry } from './src/kernel/registry.js';
import { calendarPlugin } from './src/plugins/calendar/plugin.js';
import { contactsPlugin } from './src/plugins/contacts/plugin.js';
import { messagesPlugin } from './src/plugins/messages/plugin.js';
import { notesPlugin } from './src/plugins/notes/plugin.js';
import { photosPlugin } from './src/plugins/photos/plugin.js';
import { whatsappPlugin } from './src/plugins/whatsapp/plugin.js';

/** The domains, in the order a job runs them. */
export const pluginEntries: readonly PluginEntry[] = [
  { plugin: photosPlugin, enabled: true },
  { plugin: whatsappPlugin, enabled: true },
  { plugin: messagesPlugin, enabled: true },
  { plugin: notesPlugin, enabled: true },
  { plugin: calendarPlugin, enabled: true },
  { plugin: contactsPlugin, enabled: true },
];

/** Registers every entry in the container. */
export function configurePlugins(container: DependencyContainer): void {
  registerPlugins(container, pluginEntries);
}
