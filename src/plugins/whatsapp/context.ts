// Types shared by the files of the whatsapp plugin: its options, its parse context, where a source came from, and
// what a message row carries to its search document. No logic here, so no file imports parse.ts for a type.
import type { WhatsAppApp } from '../../entities/WhatsApp.js';
import type { ParseContext } from '../../kernel/plugin.js';

/** Options of the whatsapp plugin (plugins.config.ts). */
export interface WhatsAppOptions {
  /** App recorded on rows when the source's backup location is unknown (a bare path). Default `whatsapp`, with a warning. */
  app?: WhatsAppApp;
}

/** The parse context of this plugin. */
export type WhatsAppContext = ParseContext<WhatsAppOptions>;

/** What the parser passes beside a message row for its search document. */
export interface MessageSearchExtra {
  chatName: string | null;
  chatJid: string | null;
  caption: string | null;
}

/** Where the source came from: its app and the domain its media files live in. */
export interface AppPlace {
  app: WhatsAppApp;
  domain: string;
}
