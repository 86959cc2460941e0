// The search engine (issue 14): extensions pg_trgm and unaccent; a text search configuration `ios_search` (unaccent,
// then an English Snowball stemmer with no stop words, so English inflections meet and no word of another language is
// dropped); a weighted tsvector (title A, participants B, body C) with its GIN index; `handles` (normalized phones and
// emails) with a GIN index, and two small partial GIN indexes over the contacts' names and handles, for identities;
// `sort_at` (occurred_at, or -infinity for an undated document) with a (sort_at, id) b-tree for the timeline, date
// ranges and the newest-first windows of broad searches. Partial matching goes through two lexicons with trigram
// indexes, filled by the job: `search_term` (the distinct indexed words: "ntra" finds "sintra") and `search_handle`
// (the distinct handles: "0102000" finds "+15550102000"). A trigram index over the documents themselves would have
// cost every COPY more than the tsvector's own GIN index (see the README's search figures).
import { Migration } from '@mikro-orm/migrations';

export class Migration20261202160000SearchEngine extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm with schema public;`);
    this.addSql(`create extension if not exists unaccent with schema public;`);
    this.addSql(`create text search dictionary public.ios_search_stem (template = snowball, language = english);`);
    this.addSql(`create text search configuration public.ios_search (copy = simple);`);
    this.addSql(`alter text search configuration public.ios_search alter mapping for asciiword, asciihword, hword_asciipart with public.ios_search_stem;`);
    this.addSql(`alter text search configuration public.ios_search alter mapping for word, hword, hword_part with public.unaccent, public.ios_search_stem;`);
    // array_to_string is only stable (it calls element output functions); for text[] the result cannot change.
    this.addSql(`create function public.ios_search_join(text[]) returns text language sql immutable parallel safe as $$ select coalesce(array_to_string($1, ' '), '') $$;`);
    this.addSql(`alter table "artifact_search_index" drop column "search_vector";`);
    this.addSql(`alter table "artifact_search_index" add column "handles" text[] not null default '{}';`);
    this.addSql(`alter table "artifact_search_index" add column "search_vector" tsvector generated always as (setweight(to_tsvector('public.ios_search'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('public.ios_search'::regconfig, public.ios_search_join(participants)), 'B') || setweight(to_tsvector('public.ios_search'::regconfig, coalesce(body, '')), 'C')) stored;`);
    this.addSql(`create index "artifact_search_index_search_vector_index" on "artifact_search_index" using gin ("search_vector");`);
    this.addSql(`create index "artifact_search_index_handles_index" on "artifact_search_index" using gin ("handles");`);
    // The contacts alone (a few thousand rows of millions): their names and handles, for identities.
    this.addSql(`create index "artifact_search_index_contact_names" on "artifact_search_index" using gin (to_tsvector('public.ios_search'::regconfig, coalesce(title, ''))) where type = 'contact';`);
    this.addSql(`create index "artifact_search_index_contact_handles" on "artifact_search_index" using gin ("handles") where type = 'contact';`);
    this.addSql(`alter table "artifact_search_index" add column "sort_at" timestamptz generated always as (coalesce(occurred_at, '-infinity'::timestamptz)) stored;`);
    this.addSql(`create index "artifact_search_index_sort_at_id_index" on "artifact_search_index" ("sort_at", "id");`);
    this.addSql(`create table "search_term" ("term" text not null, constraint "search_term_pkey" primary key ("term"));`);
    this.addSql(`create index "search_term_trgm" on "search_term" using gin ("term" public.gin_trgm_ops);`);
    this.addSql(`create table "search_handle" ("handle" text not null, constraint "search_handle_pkey" primary key ("handle"));`);
    this.addSql(`create index "search_handle_trgm" on "search_handle" using gin ("handle" public.gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "search_handle" cascade;`);
    this.addSql(`drop table if exists "search_term" cascade;`);
    this.addSql(`alter table "artifact_search_index" drop column "sort_at";`);
    this.addSql(`drop index "artifact_search_index_contact_names";`);
    this.addSql(`drop index "artifact_search_index_contact_handles";`);
    this.addSql(`alter table "artifact_search_index" drop column "search_vector";`);
    this.addSql(`alter table "artifact_search_index" drop column "handles";`);
    this.addSql(`alter table "artifact_search_index" add column "search_vector" tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))) stored;`);
    this.addSql(`create index "artifact_search_index_search_vector_index" on "artifact_search_index" using gin ("search_vector");`);
    this.addSql(`drop function public.ios_search_join(text[]);`);
    this.addSql(`drop text search configuration public.ios_search;`);
    this.addSql(`drop text search dictionary public.ios_search_stem;`);
  }

}
