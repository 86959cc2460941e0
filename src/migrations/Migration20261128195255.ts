import { Migration } from '@mikro-orm/migrations';

export class Migration20261128195255 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "backup" ("id" text not null, "status" text check ("status" in ('PENDING', 'INDEXING', 'INDEXED', 'FAILED')) not null default 'PENDING', "error" text null, "error_code" text null, "source_path" text null, "device_name" text null, "product_type" text null, "product_version" text null, "serial_number" text null, "udid" text null, "encrypted" boolean null, "counts" jsonb null, "search_documents" int null, "plugins_failed" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "indexed_at" timestamptz null, constraint "backup_pkey" primary key ("id"));`);

    this.addSql(`create table "artifact_source" ("id" uuid not null, "backup_id" text not null, "plugin" text not null, "path" text null, "domain" text null, "relative_path" text null, "sha256" text null, "size" bigint null, "schema_variant" text null, "rows" jsonb not null, "search_documents" int not null default 0, "warnings" jsonb not null, "status" text not null, "error" text null, "error_code" text null, "duration_ms" int not null default 0, "created_at" timestamptz not null, constraint "artifact_source_pkey" primary key ("id"));`);
    this.addSql(`create index "artifact_source_backup_id_plugin_index" on "artifact_source" ("backup_id", "plugin");`);

    this.addSql(`create table "artifact_search_index" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "plugin" text not null, "type" text not null, "artifact_table" text not null, "artifact_id" text not null, "title" text null, "body" text null, "occurred_at" timestamptz null, "participants" text[] not null, "search_vector" tsvector generated always as (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))) stored null, constraint "artifact_search_index_pkey" primary key ("id"));`);
    this.addSql(`create index "artifact_search_index_source_id_index" on "artifact_search_index" ("source_id");`);
    this.addSql(`create index "artifact_search_index_search_vector_index" on "public"."artifact_search_index" using gin("search_vector");`);
    this.addSql(`create index "artifact_search_index_occurred_at_index" on "artifact_search_index" ("occurred_at");`);
    this.addSql(`create index "artifact_search_index_backup_id_type_index" on "artifact_search_index" ("backup_id", "type");`);

    this.addSql(`create table "contact" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "display_name" text null, "prefix" text null, "first_name" text null, "middle_name" text null, "last_name" text null, "suffix" text null, "nickname" text null, "organization" text null, "department" text null, "job_title" text null, "note" text null, "kind" text not null, "birthday" date null, "created_at" timestamptz null, "modified_at" timestamptz null, constraint "contact_pkey" primary key ("id"));`);
    this.addSql(`create index "contact_backup_id_index" on "contact" ("backup_id");`);
    this.addSql(`create index "contact_source_id_index" on "contact" ("source_id");`);

    this.addSql(`create table "contact_value" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "contact_id" uuid null, "kind" text not null, "label" text null, "raw_label" text null, "value" text null, "normalized" text null, "parts" jsonb null, constraint "contact_value_pkey" primary key ("id"));`);
    this.addSql(`create index "contact_value_backup_id_index" on "contact_value" ("backup_id");`);
    this.addSql(`create index "contact_value_source_id_index" on "contact_value" ("source_id");`);
    this.addSql(`create index "contact_value_contact_id_index" on "contact_value" ("contact_id");`);
    this.addSql(`create index "contact_value_normalized_index" on "contact_value" ("normalized");`);

    this.addSql(`alter table "artifact_source" add constraint "artifact_source_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "artifact_search_index" add constraint "artifact_search_index_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "artifact_search_index" add constraint "artifact_search_index_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contact" add constraint "contact_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact" add constraint "contact_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contact_value" add constraint "contact_value_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_value" add constraint "contact_value_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_value" add constraint "contact_value_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "artifact_source" drop constraint "artifact_source_backup_id_foreign";`);

    this.addSql(`alter table "artifact_search_index" drop constraint "artifact_search_index_backup_id_foreign";`);

    this.addSql(`alter table "contact" drop constraint "contact_backup_id_foreign";`);

    this.addSql(`alter table "contact_value" drop constraint "contact_value_backup_id_foreign";`);

    this.addSql(`alter table "artifact_search_index" drop constraint "artifact_search_index_source_id_foreign";`);

    this.addSql(`alter table "contact" drop constraint "contact_source_id_foreign";`);

    this.addSql(`alter table "contact_value" drop constraint "contact_value_source_id_foreign";`);

    this.addSql(`alter table "contact_value" drop constraint "contact_value_contact_id_foreign";`);

    this.addSql(`drop table if exists "backup" cascade;`);

    this.addSql(`drop table if exists "artifact_source" cascade;`);

    this.addSql(`drop table if exists "artifact_search_index" cascade;`);

    this.addSql(`drop table if exists "contact" cascade;`);

    this.addSql(`drop table if exists "contact_value" cascade;`);
  }

}
