// The calendar domain tables (issue 11): calendar and calendar_event of Calendar.sqlitedb.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261202034851CalendarTables extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "calendar" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "uuid" text null, "title" text null, "color" text null, "type" text null, "store_name" text null, "store_type" text null, "account_email" text null, "sharing" text null, "event_count" int not null, "reminder_count" int not null, constraint "calendar_pkey" primary key ("id"));`);
    this.addSql(`create index "calendar_backup_id_index" on "calendar" ("backup_id");`);

    this.addSql(`create table "calendar_event" ("id" uuid not null, "backup_id" text not null, "source_id" uuid not null, "source_rowid" bigint null, "calendar_id" uuid null, "uuid" text null, "unique_identifier" text null, "kind" text not null, "summary" text null, "description" text null, "start_at" timestamptz null, "end_at" timestamptz null, "start_local" timestamp null, "end_local" timestamp null, "time_zone" text null, "end_time_zone" text null, "floating" boolean not null, "all_day" boolean null, "location_title" text null, "location_address" text null, "latitude" double precision null, "longitude" double precision null, "url" text null, "conference_url" text null, "status" text null, "availability" text null, "organizer_name" text null, "organizer_email" text null, "organizer_phone" text null, "attendees" jsonb null, "attendee_count" int not null, "recurrence_frequency" text null, "recurrence_interval" int null, "recurrence_count" int null, "recurrence_until" timestamptz null, "recurrence_specifier" text null, "exception_dates" jsonb null, "detached" boolean not null, "original_event_id" uuid null, "original_start_at" timestamptz null, "attachments" jsonb null, "due_at" timestamptz null, "completed_at" timestamptz null, "priority" int null, "created_at" timestamptz null, "modified_at" timestamptz null, constraint "calendar_event_pkey" primary key ("id"));`);
    this.addSql(`create index "calendar_event_backup_id_index" on "calendar_event" ("backup_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "calendar" cascade;`);

    this.addSql(`drop table if exists "calendar_event" cascade;`);
  }

}
