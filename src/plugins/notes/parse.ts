// Reads a notes store: NoteStore.sqlite (iOS 9 and later, everything in ZICCLOUDSYNCINGOBJECT) or the legacy
// notes.sqlite (ZNOTE + ZNOTEBODY), told apart by their tables.
import { CoreDataEntities } from '../../kernel/coredata.js';
import { UnsupportedSchemaError } from '../../kernel/errors.js';
import { sourceRowCount, type SourceView } from '../../kernel/plugin.js';
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

/** How many `note` rows either store gives: the ICNote entities' rows of a NoteStore, every ZNOTE row of notes.sqlite. */
export function countNotes(source: SourceView): number | null {
  if (source.schema.hasTable(OBJECTS)) {
    const notes = CoreDataEntities.read(source.db, source.schema).family('ICNote');
    return notes.length === 0 ? null : sourceRowCount(source, OBJECTS, `Z_ENT IN (${notes.join(',')})`);
  }
  return isLegacyStore(source) ? sourceRowCount(source, 'ZNOTE') : null;
}
