// The notes domain table (issue 10): one row per note of NoteStore.sqlite or the legacy notes.sqlite.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261202011730NotesTable extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "note" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "store" text not null, "identifier" text null, "title" text null, "snippet" text null, "body" text null, "folder" text null, "folder_path" text null, "account" text null, "created_at" timestamptz null, "modified_at" timestamptz null, "pinned" boolean null, "deleted" boolean not null, "marked_for_deletion" boolean null, "password_protected" boolean not null, "locked" boolean not null, "attachment_count" int not null, "attachment_kinds" jsonb null, "attachments" jsonb null, "checklist" jsonb null, "links" jsonb null, constraint "note_pkey" primary key ("id"));`);
    this.addSql(`create index "note_backup_id_index" on "note" ("backup_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "note" cascade;`);
  }

}
