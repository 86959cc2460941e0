// The distinct words of the search index (lexemes of `search_vector`: unaccented, stemmed), with a trigram index, so
// a fragment typed in the middle of a word ("ntra") finds the words that contain it ("sintra") and then their
// documents through the full-text index. Filled by the job after each load; a word no document holds any more stays
// until the table is rebuilt, and only costs a lookup that finds nothing.
import { Entity, Index, PrimaryKey } from './decorators.js';

/** One indexed word. */
@Entity({ tableName: 'search_term' })
@Index({
  name: 'search_term_trgm',
  expression: 'create index "search_term_trgm" on "search_term" using gin ("term" public.gin_trgm_ops)',
})
export class SearchTerm {
  @PrimaryKey({ type: 'text' })
  term!: string;
}

/**
 * The distinct handles of the search index (phone numbers in E.164 and national form, emails), with a trigram index,
 * so a fragment of a number or an address ("0102000", "tracysum") finds the handles that contain it and then their
 * documents through the handles index. Filled by the job like {@link SearchTerm}.
 */
@Entity({ tableName: 'search_handle' })
@Index({
  name: 'search_handle_trgm',
  expression: 'create index "search_handle_trgm" on "search_handle" using gin ("handle" public.gin_trgm_ops)',
})
export class SearchHandle {
  @PrimaryKey({ type: 'text' })
  handle!: string;
}
