// Composition root: which artifact domains are on, with their options. Adding a domain is one import and one line.
// A disabled entry stays here with the reason; the kernel resolves whatever is registered under PLUGINS.
import type { DependencyContainer } from 'tsyringe';
import { registerPlugins, type PluginEntry } from './src/kernel/registry.js';
import { calendarPlugin } from './src/plugins/calendar/plugin.js';
import { contactsPlugin } from './src/plugins/contacts/plugin.js';
import { notesPlugin } from './src/plugins/notes/plugin.js';
import { photosPlugin } from './src/plugins/photos/plugin.js';
import { unimplementedPlugin } from './src/kernel/unimplemented.js';

// Being built; their declarations replace these placeholders when they land.
const whatsappPlugin = unimplementedPlugin('whatsapp', 'WhatsApp', {
  fileNames: ['ChatStorage.sqlite'],
  locations: [
    { domain: 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared', relativePath: 'ChatStorage.sqlite' },
    { domain: 'AppDomainGroup-group.net.whatsapp.WhatsAppSMB.shared', relativePath: 'ChatStorage.sqlite' },
  ],
});
const messagesPlugin = unimplementedPlugin('messages', 'Messages', {
  fileNames: ['sms.db', 'chat.db'],
  locations: [{ domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db' }],
});

/** The domains, in the order a job runs them. */
export const pluginEntries: readonly PluginEntry[] = [
  { plugin: photosPlugin, enabled: false, reason: 'not implemented yet' },
  { plugin: whatsappPlugin, enabled: false, reason: 'not implemented yet' },
  { plugin: messagesPlugin, enabled: false, reason: 'not implemented yet' },
  { plugin: notesPlugin, enabled: false, reason: 'not implemented yet' },
  { plugin: calendarPlugin, enabled: false, reason: 'not implemented yet' },
  { plugin: contactsPlugin, enabled: true },
];

/** Registers every entry in the container. */
export function configurePlugins(container: DependencyContainer): void {
  registerPlugins(container, pluginEntries);
}
