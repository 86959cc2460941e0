// Types shared by the notes plugin's files: its options and its parse context.
import type { ParseContext } from '../../kernel/plugin.js';

/** Options of the notes plugin (plugins.config.ts, or the job's own, e.g. `--notes-password`). */
export interface NotesOptions {
  /** Passwords tried on password-protected notes, in order. Never logged. */
  passwords?: readonly string[];
}

/** The parse context of this plugin. */
export type NotesContext = ParseContext<NotesOptions>;

/** What the search mapper gets beside a note row: the names of its attachments. */
export interface NoteSearchExtra {
  attachmentNames: readonly string[];
}
