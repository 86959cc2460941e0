import { Migration } from '@mikro-orm/migrations';

export class Migration20261128201318InitialSchema extends Migration {

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

    this.addSql(`create table "message_conversation" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "guid" text not null, "chat_identifier" text null, "display_name" text null, "title" text null, "service" text null, "is_group" boolean not null, "style" int null, "room_name" text null, "is_archived" boolean null, "participants" text[] not null, "last_message_at" timestamptz null, "message_count" int not null, constraint "message_conversation_pkey" primary key ("id"));`);
    this.addSql(`create index "message_conversation_backup_id_index" on "message_conversation" ("backup_id");`);
    this.addSql(`create index "message_conversation_source_id_index" on "message_conversation" ("source_id");`);
    this.addSql(`create index "message_conversation_guid_index" on "message_conversation" ("guid");`);

    this.addSql(`create table "message" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "guid" text not null, "conversation_id" uuid null, "sender" text null, "handle" text null, "is_from_me" boolean not null, "service" text null, "text" text null, "text_source" text null, "subject" text null, "sent_at" timestamptz null, "read_at" timestamptz null, "delivered_at" timestamptz null, "is_read" boolean null, "item_type" text not null, "raw_item_type" int null, "group_action_type" int null, "group_title" text null, "other_handle" text null, "thread_originator_guid" text null, "thread_originator_part" text null, "is_edited" boolean not null, "edited_at" timestamptz null, "is_unsent" boolean not null, "unsent_at" timestamptz null, "is_recently_deleted" boolean not null, "deleted_at" timestamptz null, "app_type" text null, "balloon_bundle_id" text null, "expressive_send_style" text null, "is_audio_message" boolean null, "mentions" text[] not null, "error" int null, constraint "message_pkey" primary key ("id"));`);
    this.addSql(`create index "message_backup_id_index" on "message" ("backup_id");`);
    this.addSql(`create index "message_source_id_index" on "message" ("source_id");`);
    this.addSql(`create index "message_guid_index" on "message" ("guid");`);
    this.addSql(`create index "message_conversation_id_index" on "message" ("conversation_id");`);
    this.addSql(`create index "message_sender_index" on "message" ("sender");`);
    this.addSql(`create index "message_sent_at_index" on "message" ("sent_at");`);
    this.addSql(`create index "message_thread_originator_guid_index" on "message" ("thread_originator_guid");`);

    this.addSql(`create table "message_reaction" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "guid" text null, "message_id" uuid null, "target_guid" text null, "target_part" int null, "raw_target_guid" text null, "conversation_id" uuid null, "kind" text not null, "action" text not null, "emoji" text null, "raw_type" int not null, "sender" text null, "is_from_me" boolean not null, "reacted_at" timestamptz null, "text" text null, constraint "message_reaction_pkey" primary key ("id"));`);
    this.addSql(`create index "message_reaction_backup_id_index" on "message_reaction" ("backup_id");`);
    this.addSql(`create index "message_reaction_source_id_index" on "message_reaction" ("source_id");`);
    this.addSql(`create index "message_reaction_message_id_index" on "message_reaction" ("message_id");`);
    this.addSql(`create index "message_reaction_target_guid_index" on "message_reaction" ("target_guid");`);
    this.addSql(`create index "message_reaction_conversation_id_index" on "message_reaction" ("conversation_id");`);

    this.addSql(`create table "message_attachment" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "message_id" uuid null, "reaction_id" uuid null, "guid" text null, "filename" text null, "transfer_name" text null, "mime_type" text null, "uti" text null, "total_bytes" bigint null, "created_at" timestamptz null, "is_outgoing" boolean null, "is_sticker" boolean null, "backup_domain" text null, "backup_relative_path" text null, constraint "message_attachment_pkey" primary key ("id"));`);
    this.addSql(`create index "message_attachment_backup_id_index" on "message_attachment" ("backup_id");`);
    this.addSql(`create index "message_attachment_source_id_index" on "message_attachment" ("source_id");`);
    this.addSql(`create index "message_attachment_message_id_index" on "message_attachment" ("message_id");`);
    this.addSql(`create index "message_attachment_reaction_id_index" on "message_attachment" ("reaction_id");`);

    this.addSql(`create table "whatsapp_chat" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "app" text not null, "jid" text null, "name" text null, "kind" text not null, "session_type" int null, "archived" boolean null, "last_message_at" timestamptz null, "message_count" int not null, "message_counter" int null, "group_created_at" timestamptz null, "group_creator_jid" text null, constraint "whatsapp_chat_pkey" primary key ("id"));`);
    this.addSql(`create index "whatsapp_chat_backup_id_index" on "whatsapp_chat" ("backup_id");`);
    this.addSql(`create index "whatsapp_chat_source_id_index" on "whatsapp_chat" ("source_id");`);
    this.addSql(`create index "whatsapp_chat_jid_index" on "whatsapp_chat" ("jid");`);

    this.addSql(`create table "whatsapp_group_member" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "app" text not null, "chat_id" uuid null, "member_jid" text null, "name" text null, "push_name" text null, "active" boolean null, "admin" boolean null, constraint "whatsapp_group_member_pkey" primary key ("id"));`);
    this.addSql(`create index "whatsapp_group_member_backup_id_index" on "whatsapp_group_member" ("backup_id");`);
    this.addSql(`create index "whatsapp_group_member_source_id_index" on "whatsapp_group_member" ("source_id");`);
    this.addSql(`create index "whatsapp_group_member_chat_id_index" on "whatsapp_group_member" ("chat_id");`);
    this.addSql(`create index "whatsapp_group_member_member_jid_index" on "whatsapp_group_member" ("member_jid");`);

    this.addSql(`create table "whatsapp_message" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "app" text not null, "chat_id" uuid null, "group_member_id" uuid null, "stanza_id" text null, "from_me" boolean not null, "sender_jid" text null, "push_name" text null, "text" text null, "message_type" int null, "kind" text not null, "group_event_type" int null, "message_at" timestamptz null, "sent_at" timestamptz null, "starred" boolean null, "forwarded" boolean null, "flags" bigint null, "quoted_stanza_id" text null, "status" int null, constraint "whatsapp_message_pkey" primary key ("id"));`);
    this.addSql(`create index "whatsapp_message_backup_id_index" on "whatsapp_message" ("backup_id");`);
    this.addSql(`create index "whatsapp_message_source_id_index" on "whatsapp_message" ("source_id");`);
    this.addSql(`create index "whatsapp_message_chat_id_index" on "whatsapp_message" ("chat_id");`);
    this.addSql(`create index "whatsapp_message_group_member_id_index" on "whatsapp_message" ("group_member_id");`);
    this.addSql(`create index "whatsapp_message_stanza_id_index" on "whatsapp_message" ("stanza_id");`);
    this.addSql(`create index "whatsapp_message_sender_jid_index" on "whatsapp_message" ("sender_jid");`);
    this.addSql(`create index "whatsapp_message_kind_index" on "whatsapp_message" ("kind");`);
    this.addSql(`create index "whatsapp_message_message_at_index" on "whatsapp_message" ("message_at");`);

    this.addSql(`create table "whatsapp_attachment" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "app" text not null, "message_id" uuid null, "kind" text null, "local_path" text null, "title" text null, "file_size" bigint null, "mime_type" text null, "media_url" text null, "duration_seconds" int null, "latitude" double precision null, "longitude" double precision null, "vcard_name" text null, "vcard_string" text null, "media_hash" text null, "backup_domain" text null, "backup_relative_path" text null, "file_present" boolean null, constraint "whatsapp_attachment_pkey" primary key ("id"));`);
    this.addSql(`create index "whatsapp_attachment_backup_id_index" on "whatsapp_attachment" ("backup_id");`);
    this.addSql(`create index "whatsapp_attachment_source_id_index" on "whatsapp_attachment" ("source_id");`);
    this.addSql(`create index "whatsapp_attachment_message_id_index" on "whatsapp_attachment" ("message_id");`);

    this.addSql(`alter table "artifact_source" add constraint "artifact_source_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "artifact_search_index" add constraint "artifact_search_index_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "artifact_search_index" add constraint "artifact_search_index_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contact" add constraint "contact_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact" add constraint "contact_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contact_value" add constraint "contact_value_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_value" add constraint "contact_value_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "message_conversation" add constraint "message_conversation_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message_conversation" add constraint "message_conversation_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "message" add constraint "message_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message" add constraint "message_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "message_reaction" add constraint "message_reaction_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message_reaction" add constraint "message_reaction_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "message_attachment" add constraint "message_attachment_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message_attachment" add constraint "message_attachment_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "whatsapp_chat" add constraint "whatsapp_chat_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "whatsapp_chat" add constraint "whatsapp_chat_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "whatsapp_group_member" add constraint "whatsapp_group_member_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "whatsapp_group_member" add constraint "whatsapp_group_member_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "whatsapp_message" add constraint "whatsapp_message_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "whatsapp_message" add constraint "whatsapp_message_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "whatsapp_attachment" add constraint "whatsapp_attachment_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "whatsapp_attachment" add constraint "whatsapp_attachment_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "artifact_source" drop constraint "artifact_source_backup_id_foreign";`);

    this.addSql(`alter table "artifact_search_index" drop constraint "artifact_search_index_backup_id_foreign";`);

    this.addSql(`alter table "contact" drop constraint "contact_backup_id_foreign";`);

    this.addSql(`alter table "contact_value" drop constraint "contact_value_backup_id_foreign";`);

    this.addSql(`alter table "message_conversation" drop constraint "message_conversation_backup_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_backup_id_foreign";`);

    this.addSql(`alter table "message_reaction" drop constraint "message_reaction_backup_id_foreign";`);

    this.addSql(`alter table "message_attachment" drop constraint "message_attachment_backup_id_foreign";`);

    this.addSql(`alter table "whatsapp_chat" drop constraint "whatsapp_chat_backup_id_foreign";`);

    this.addSql(`alter table "whatsapp_group_member" drop constraint "whatsapp_group_member_backup_id_foreign";`);

    this.addSql(`alter table "whatsapp_message" drop constraint "whatsapp_message_backup_id_foreign";`);

    this.addSql(`alter table "whatsapp_attachment" drop constraint "whatsapp_attachment_backup_id_foreign";`);

    this.addSql(`alter table "artifact_search_index" drop constraint "artifact_search_index_source_id_foreign";`);

    this.addSql(`alter table "contact" drop constraint "contact_source_id_foreign";`);

    this.addSql(`alter table "contact_value" drop constraint "contact_value_source_id_foreign";`);

    this.addSql(`alter table "message_conversation" drop constraint "message_conversation_source_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_source_id_foreign";`);

    this.addSql(`alter table "message_reaction" drop constraint "message_reaction_source_id_foreign";`);

    this.addSql(`alter table "message_attachment" drop constraint "message_attachment_source_id_foreign";`);

    this.addSql(`alter table "whatsapp_chat" drop constraint "whatsapp_chat_source_id_foreign";`);

    this.addSql(`alter table "whatsapp_group_member" drop constraint "whatsapp_group_member_source_id_foreign";`);

    this.addSql(`alter table "whatsapp_message" drop constraint "whatsapp_message_source_id_foreign";`);

    this.addSql(`alter table "whatsapp_attachment" drop constraint "whatsapp_attachment_source_id_foreign";`);

    this.addSql(`drop table if exists "backup" cascade;`);

    this.addSql(`drop table if exists "artifact_source" cascade;`);

    this.addSql(`drop table if exists "artifact_search_index" cascade;`);

    this.addSql(`drop table if exists "contact" cascade;`);

    this.addSql(`drop table if exists "contact_value" cascade;`);

    this.addSql(`drop table if exists "message_conversation" cascade;`);

    this.addSql(`drop table if exists "message" cascade;`);

    this.addSql(`drop table if exists "message_reaction" cascade;`);

    this.addSql(`drop table if exists "message_attachment" cascade;`);

    this.addSql(`drop table if exists "whatsapp_chat" cascade;`);

    this.addSql(`drop table if exists "whatsapp_group_member" cascade;`);

    this.addSql(`drop table if exists "whatsapp_message" cascade;`);

    this.addSql(`drop table if exists "whatsapp_attachment" cascade;`);
  }

}
