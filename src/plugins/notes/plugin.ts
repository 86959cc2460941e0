// Notes plugin declaration (NoteStore.sqlite, and legacy notes.sqlite): planned, registered disabled until built.
// The source locations are the real ones so backup lookups already know where the databases live.
import { unimplementedPlugin } from '../../kernel/unimplemented.js';

/** The notes domain (not implemented yet). */
export const notesPlugin = unimplementedPlugin('notes', 'Notes', {
  fileNames: ['NoteStore.sqlite', 'notes.sqlite'],
  locations: [
    { domain: 'AppDomainGroup-group.com.apple.notes', relativePath: 'NoteStore.sqlite' },
    { domain: 'HomeDomain', relativePath: 'Library/Notes/notes.sqlite' },
  ],
});
