// The request that last set a backup's status (issue 8): a client waiting on a queued job reads its outcome from
// PostgreSQL when Redis lost the job.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201220000BackupRunId extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "backup" add column "run_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backup" drop column "run_id";`);
  }
}
