// Notes plugin declaration: NoteStore.sqlite in the Notes app group (iOS 9 and later) and the legacy notes.sqlite in
// HomeDomain (iOS 8 and earlier), two sources of one `note` table; one search document per note.
import { Note } from '../../entities/Note.js';
import { definePlugin } from '../../kernel/plugin.js';
import type { NotesOptions } from './context.js';
import { countNotes, parseNotes } from './parse.js';
import { notesSearch } from './search.js';

/** The notes domain. */
export const notesPlugin = definePlugin<NotesOptions>({
  id: 'notes',
  title: 'Notes',
  source: {
    fileNames: ['NoteStore.sqlite', 'notes.sqlite'],
    locations: [
      { domain: 'AppDomainGroup-group.com.apple.notes', relativePath: 'NoteStore.sqlite' },
      { domain: 'HomeDomain', relativePath: 'Library/Notes/notes.sqlite' },
    ],
  },
  entities: [Note],
  parse: parseNotes,
  search: notesSearch,
  searchTypes: ['note'],
  progress: { tables: ['note'], expectedRows: countNotes },
  nouns: { note: ['note', 'notes'] },
  defaultOptions: { passwords: [] },
  checkOptions: (options) =>
    options.passwords === undefined || (Array.isArray(options.passwords) && options.passwords.every((password) => typeof password === 'string'))
      ? null
      : 'option `passwords` must be a list of strings',
});
