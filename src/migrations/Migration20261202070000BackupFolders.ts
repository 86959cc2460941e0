// Real backup folders (issue 12): the device facts read from the backup's plists, how its folder was read and its
// folder warnings on `backup`; whether an attachment's or photo's file is in the backup, and its manifest file id.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261202070000BackupFolders extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backup" add column "build_version" text null, add column "imei" text null, add column "last_backup_at" timestamptz null, add column "full_backup" boolean null, add column "layout" text null, add column "warnings" jsonb null;`);
    this.addSql(`alter table "message_attachment" add column "file_present" boolean null, add column "backup_file_id" text null;`);
    this.addSql(`alter table "photo_asset" add column "backup_file_id" text null;`);
    this.addSql(`alter table "whatsapp_attachment" add column "backup_file_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "whatsapp_attachment" drop column "backup_file_id";`);
    this.addSql(`alter table "photo_asset" drop column "backup_file_id";`);
    this.addSql(`alter table "message_attachment" drop column "file_present", drop column "backup_file_id";`);
    this.addSql(`alter table "backup" drop column "build_version", drop column "imei", drop column "last_backup_at", drop column "full_backup", drop column "layout", drop column "warnings";`);
  }

}
