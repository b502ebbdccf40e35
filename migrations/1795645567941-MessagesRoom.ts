import { MigrationInterface, QueryRunner } from 'typeorm';

export class MessagesRoom1795645567941 implements MigrationInterface {
  name = 'MessagesRoom1795645567941';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "conversation_reads" ("conversation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "last_read_seq" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_05074524cfb8e1d6fad9fb51a90" PRIMARY KEY ("conversation_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "message_alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "user_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "message_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9b0a9d363a5ff05be2064e5a0df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4bada14e739f28d40154a0dc26" ON "message_alerts"  ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "seq" integer NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "parent_id" uuid, "reply_count" integer NOT NULL DEFAULT '0', "last_reply_at" TIMESTAMP WITH TIME ZONE, "mentions" uuid array NOT NULL DEFAULT '{}', "attachments" jsonb NOT NULL DEFAULT '[]', "reactions" jsonb NOT NULL DEFAULT '{}', "client_id" text, "search_vector" tsvector, "edited_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_6f95164f271495f1bd06a5648f" ON "messages"  ("author_id", "client_id") WHERE "client_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c6068486f601e22d9c5ddfe51a" ON "messages"  ("conversation_id", "parent_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_6c6ea2ab4c0804750cd95eefa8" ON "messages"  ("conversation_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "conversation_members" ("conversation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fa9076068b6f2a26fb793d2439" PRIMARY KEY ("conversation_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a46c76be8f62c4b00a835cdc37" ON "conversation_members"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "conversations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "room_id" uuid NOT NULL, "kind" text NOT NULL, "name" text, "topic" text NOT NULL DEFAULT '', "vendor_only" boolean NOT NULL DEFAULT false, "entity_type" text, "entity_id" uuid, "last_seq" integer NOT NULL DEFAULT '0', "last_message_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee34f4f7ced4ec8681f26bf04ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_d8620ee7d8933944cb4193da61" ON "conversations"  ("entity_type", "entity_id") WHERE "entity_type" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f5311cee5e3ddd9546d1e111cd" ON "conversations"  ("company_id", "last_message_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_02f8b51738cc6ab1cf3ba37038" ON "conversations"  ("room_id", "last_message_at") `,
    );
    // Full-text search: the vector follows the body (edits, deletes) by trigger, searched through GIN.
    await queryRunner.query(
      `CREATE FUNCTION messages_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.search_vector := to_tsvector('english', coalesce(NEW.body, ''));
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER messages_search_vector BEFORE INSERT OR UPDATE OF body ON "messages"
       FOR EACH ROW EXECUTE FUNCTION messages_search_vector()`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_search_vector" ON "messages" USING GIN ("search_vector")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_messages_search_vector"`);
    await queryRunner.query(`DROP TRIGGER messages_search_vector ON "messages"`);
    await queryRunner.query(`DROP FUNCTION messages_search_vector()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_02f8b51738cc6ab1cf3ba37038"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f5311cee5e3ddd9546d1e111cd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d8620ee7d8933944cb4193da61"`);
    await queryRunner.query(`DROP TABLE "conversations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a46c76be8f62c4b00a835cdc37"`);
    await queryRunner.query(`DROP TABLE "conversation_members"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6c6ea2ab4c0804750cd95eefa8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c6068486f601e22d9c5ddfe51a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f95164f271495f1bd06a5648f"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4bada14e739f28d40154a0dc26"`);
    await queryRunner.query(`DROP TABLE "message_alerts"`);
    await queryRunner.query(`DROP TABLE "conversation_reads"`);
  }
}
