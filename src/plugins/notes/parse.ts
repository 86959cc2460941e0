// Reads a notes store: NoteStore.sqlite (iOS 9 and later, everything in ZICCLOUDSYNCINGOBJECT) or the legacy
// notes.sqlite (ZNOTE + ZNOTEBODY), told apart by their tables.
import { UnsupportedSchemaError } from '../../kernel/errors.js';
import type { NotesContext } from './context.js';
import { isLegacyStore, parseLegacyNotes } from './legacy.js';
import { OBJECTS } from './layout.js';
import { parseNoteStore } from './notestore.js';

/** Parses either store into `note` rows. */
export async function parseNotes(ctx: NotesContext): Promise<void> {
  if (ctx.schema.hasTable(OBJECTS)) return parseNoteStore(ctx);
  if (isLegacyStore(ctx)) return parseLegacyNotes(ctx);
  throw new UnsupportedSchemaError(`not a notes store: neither ${OBJECTS} (NoteStore.sqlite) nor ZNOTE + ZNOTEBODY (notes.sqlite) exists`);
}
