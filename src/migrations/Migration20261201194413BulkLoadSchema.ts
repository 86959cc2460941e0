// Bulk tables without foreign keys and without the secondary indexes no query uses (issue 7: the cost of COPY).
// Kept on each domain table: the primary key and backup_id (the job's DELETE); on the search index see ArtifactSearchIndex.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201194413BulkLoadSchema extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "artifact_search_index" drop constraint "artifact_search_index_backup_id_foreign";`);
    this.addSql(`alter table "artifact_search_index" drop constraint "artifact_search_index_source_id_foreign";`);

    this.addSql(`alter table "contact" drop constraint "contact_backup_id_foreign";`);
    this.addSql(`alter table "contact" drop constraint "contact_source_id_foreign";`);

    this.addSql(`alter table "contact_value" drop constraint "contact_value_backup_id_foreign";`);
    this.addSql(`alter table "contact_value" drop constraint "contact_value_source_id_foreign";`);

    this.addSql(`alter table "message_conversation" drop constraint "message_conversation_backup_id_foreign";`);
    this.addSql(`alter table "message_conversation" drop constraint "message_conversation_source_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_backup_id_foreign";`);
    this.addSql(`alter table "message" drop constraint "message_source_id_foreign";`);

    this.addSql(`alter table "message_reaction" drop constraint "message_reaction_backup_id_foreign";`);
    this.addSql(`alter table "message_reaction" drop constraint "message_reaction_source_id_foreign";`);

    this.addSql(`alter table "message_attachment" drop constraint "message_attachment_backup_id_foreign";`);
    this.addSql(`alter table "message_attachment" drop constraint "message_attachment_source_id_foreign";`);

    this.addSql(`alter table "whatsapp_chat" drop constraint "whatsapp_chat_backup_id_foreign";`);
    this.addSql(`alter table "whatsapp_chat" drop constraint "whatsapp_chat_source_id_foreign";`);

    this.addSql(`alter table "whatsapp_group_member" drop constraint "whatsapp_group_member_backup_id_foreign";`);
    this.addSql(`alter table "whatsapp_group_member" drop constraint "whatsapp_group_member_source_id_foreign";`);

    this.addSql(`alter table "whatsapp_message" drop constraint "whatsapp_message_backup_id_foreign";`);
    this.addSql(`alter table "whatsapp_message" drop constraint "whatsapp_message_source_id_foreign";`);

    this.addSql(`alter table "whatsapp_attachment" drop constraint "whatsapp_attachment_backup_id_foreign";`);
    this.addSql(`alter table "whatsapp_attachment" drop constraint "whatsapp_attachment_source_id_foreign";`);

    this.addSql(`drop index "artifact_search_index_occurred_at_index";`);
    this.addSql(`drop index "artifact_search_index_source_id_index";`);

    this.addSql(`drop index "contact_source_id_index";`);

    this.addSql(`drop index "contact_value_contact_id_index";`);
    this.addSql(`drop index "contact_value_normalized_index";`);
    this.addSql(`drop index "contact_value_source_id_index";`);

    this.addSql(`drop index "message_conversation_guid_index";`);
    this.addSql(`drop index "message_conversation_source_id_index";`);

    this.addSql(`drop index "message_conversation_id_index";`);
    this.addSql(`drop index "message_guid_index";`);
    this.addSql(`drop index "message_sender_index";`);
    this.addSql(`drop index "message_sent_at_index";`);
    this.addSql(`drop index "message_source_id_index";`);
    this.addSql(`drop index "message_thread_originator_guid_index";`);

    this.addSql(`drop index "message_reaction_conversation_id_index";`);
    this.addSql(`drop index "message_reaction_message_id_index";`);
    this.addSql(`drop index "message_reaction_source_id_index";`);
    this.addSql(`drop index "message_reaction_target_guid_index";`);

    this.addSql(`drop index "message_attachment_message_id_index";`);
    this.addSql(`drop index "message_attachment_reaction_id_index";`);
    this.addSql(`drop index "message_attachment_source_id_index";`);

    this.addSql(`drop index "whatsapp_chat_jid_index";`);
    this.addSql(`drop index "whatsapp_chat_source_id_index";`);

    this.addSql(`drop index "whatsapp_group_member_chat_id_index";`);
    this.addSql(`drop index "whatsapp_group_member_member_jid_index";`);
    this.addSql(`drop index "whatsapp_group_member_source_id_index";`);

    this.addSql(`drop index "whatsapp_message_chat_id_index";`);
    this.addSql(`drop index "whatsapp_message_group_member_id_index";`);
    this.addSql(`drop index "whatsapp_message_kind_index";`);
    this.addSql(`drop index "whatsapp_message_message_at_index";`);
    this.addSql(`drop index "whatsapp_message_sender_jid_index";`);
    this.addSql(`drop index "whatsapp_message_source_id_index";`);
    this.addSql(`drop index "whatsapp_message_stanza_id_index";`);

    this.addSql(`drop index "whatsapp_attachment_message_id_index";`);
    this.addSql(`drop index "whatsapp_attachment_source_id_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "artifact_search_index" add constraint "artifact_search_index_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "artifact_search_index" add constraint "artifact_search_index_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "artifact_search_index_occurred_at_index" on "artifact_search_index" ("occurred_at");`);
    this.addSql(`create index "artifact_search_index_source_id_index" on "artifact_search_index" ("source_id");`);

    this.addSql(`alter table "contact" add constraint "contact_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact" add constraint "contact_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "contact_source_id_index" on "contact" ("source_id");`);

    this.addSql(`alter table "contact_value" add constraint "contact_value_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_value" add constraint "contact_value_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "contact_value_contact_id_index" on "contact_value" ("contact_id");`);
    this.addSql(`create index "contact_value_normalized_index" on "contact_value" ("normalized");`);
    this.addSql(`create index "contact_value_source_id_index" on "contact_value" ("source_id");`);

    this.addSql(`alter table "message" add constraint "message_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message" add constraint "message_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "message_conversation_id_index" on "message" ("conversation_id");`);
    this.addSql(`create index "message_guid_index" on "message" ("guid");`);
    this.addSql(`create index "message_sender_index" on "message" ("sender");`);
    this.addSql(`create index "message_sent_at_index" on "message" ("sent_at");`);
    this.addSql(`create index "message_source_id_index" on "message" ("source_id");`);
    this.addSql(`create index "message_thread_originator_guid_index" on "message" ("thread_originator_guid");`);

    this.addSql(`alter table "message_attachment" add constraint "message_attachment_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message_attachment" add constraint "message_attachment_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "message_attachment_message_id_index" on "message_attachment" ("message_id");`);
    this.addSql(`create index "message_attachment_reaction_id_index" on "message_attachment" ("reaction_id");`);
    this.addSql(`create index "message_attachment_source_id_index" on "message_attachment" ("source_id");`);

    this.addSql(`alter table "message_conversation" add constraint "message_conversation_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message_conversation" add constraint "message_conversation_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "message_conversation_guid_index" on "message_conversation" ("guid");`);
    this.addSql(`create index "message_conversation_source_id_index" on "message_conversation" ("source_id");`);

    this.addSql(`alter table "message_reaction" add constraint "message_reaction_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message_reaction" add constraint "message_reaction_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "message_reaction_conversation_id_index" on "message_reaction" ("conversation_id");`);
    this.addSql(`create index "message_reaction_message_id_index" on "message_reaction" ("message_id");`);
    this.addSql(`create index "message_reaction_source_id_index" on "message_reaction" ("source_id");`);
    this.addSql(`create index "message_reaction_target_guid_index" on "message_reaction" ("target_guid");`);

    this.addSql(`alter table "whatsapp_attachment" add constraint "whatsapp_attachment_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "whatsapp_attachment" add constraint "whatsapp_attachment_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "whatsapp_attachment_message_id_index" on "whatsapp_attachment" ("message_id");`);
    this.addSql(`create index "whatsapp_attachment_source_id_index" on "whatsapp_attachment" ("source_id");`);

    this.addSql(`alter table "whatsapp_chat" add constraint "whatsapp_chat_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "whatsapp_chat" add constraint "whatsapp_chat_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "whatsapp_chat_jid_index" on "whatsapp_chat" ("jid");`);
    this.addSql(`create index "whatsapp_chat_source_id_index" on "whatsapp_chat" ("source_id");`);

    this.addSql(`alter table "whatsapp_group_member" add constraint "whatsapp_group_member_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "whatsapp_group_member" add constraint "whatsapp_group_member_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "whatsapp_group_member_chat_id_index" on "whatsapp_group_member" ("chat_id");`);
    this.addSql(`create index "whatsapp_group_member_member_jid_index" on "whatsapp_group_member" ("member_jid");`);
    this.addSql(`create index "whatsapp_group_member_source_id_index" on "whatsapp_group_member" ("source_id");`);

    this.addSql(`alter table "whatsapp_message" add constraint "whatsapp_message_backup_id_foreign" foreign key ("backup_id") references "backup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "whatsapp_message" add constraint "whatsapp_message_source_id_foreign" foreign key ("source_id") references "artifact_source" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "whatsapp_message_chat_id_index" on "whatsapp_message" ("chat_id");`);
    this.addSql(`create index "whatsapp_message_group_member_id_index" on "whatsapp_message" ("group_member_id");`);
    this.addSql(`create index "whatsapp_message_kind_index" on "whatsapp_message" ("kind");`);
    this.addSql(`create index "whatsapp_message_message_at_index" on "whatsapp_message" ("message_at");`);
    this.addSql(`create index "whatsapp_message_sender_jid_index" on "whatsapp_message" ("sender_jid");`);
    this.addSql(`create index "whatsapp_message_source_id_index" on "whatsapp_message" ("source_id");`);
    this.addSql(`create index "whatsapp_message_stanza_id_index" on "whatsapp_message" ("stanza_id");`);
  }

}
