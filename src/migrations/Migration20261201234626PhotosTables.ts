// The photos domain (issue 9): assets, user and shared albums, and album memberships; like every domain table,
// no foreign key and no secondary index besides backup_id.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201234626PhotosTables extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "photo_album" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "uuid" text null, "title" text null, "kind" text not null, "kind_code" int null, "folder_path" text null, "trashed" boolean null, "created_at" timestamptz null, "asset_count" int not null, constraint "photo_album_pkey" primary key ("id"));`);
    this.addSql(`create index "photo_album_backup_id_index" on "photo_album" ("backup_id");`);

    this.addSql(`create table "photo_asset" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "uuid" text null, "kind" text not null, "kind_code" int null, "kind_subtype" int null, "uniform_type_identifier" text null, "original_filename" text null, "filename" text null, "directory" text null, "width" int null, "height" int null, "duration_seconds" double precision null, "created_at" timestamptz null, "added_at" timestamptz null, "modified_at" timestamptz null, "trashed_at" timestamptz null, "time_zone_name" text null, "time_zone_offset_seconds" int null, "latitude" double precision null, "longitude" double precision null, "favorite" boolean null, "hidden" boolean null, "trashed" boolean null, "title" text null, "caption" text null, "place" text null, "backup_domain" text null, "backup_relative_path" text null, "file_present" boolean null, constraint "photo_asset_pkey" primary key ("id"));`);
    this.addSql(`create index "photo_asset_backup_id_index" on "photo_asset" ("backup_id");`);

    this.addSql(`create table "photo_album_asset" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "album_id" uuid not null, "asset_id" uuid not null, constraint "photo_album_asset_pkey" primary key ("id"));`);
    this.addSql(`create index "photo_album_asset_backup_id_index" on "photo_album_asset" ("backup_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "photo_album" cascade;`);

    this.addSql(`drop table if exists "photo_asset" cascade;`);

    this.addSql(`drop table if exists "photo_album_asset" cascade;`);
  }

}
