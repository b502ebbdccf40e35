import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795643165610 implements MigrationInterface {
  name = 'Initial1795643165610';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "companies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text NOT NULL, "owner_id" uuid, "commission_rate" numeric(5,2), "currency" character(3) NOT NULL, "lead_protection_days" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d4bc3e82a314fa9e29f652c2c22" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_df63e1563bbd91b428b5c50d8a" ON "companies"  ("owner_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_aafdf4e56e838bc1b592ad4d68" ON "companies"  ("workspace_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "enabled" boolean NOT NULL DEFAULT true, "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0368a2d7c215f2d0458a54933f2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a199c109da5c3c6739ac79ebc3" ON "rooms"  ("company_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "activity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "workspace_id" uuid NOT NULL, "company_id" uuid, "room_id" uuid, "actor_id" uuid, "type" text NOT NULL, "entity" text NOT NULL, "entity_id" uuid, "summary" text NOT NULL DEFAULT '', "data" jsonb NOT NULL DEFAULT '{}', "audience" text NOT NULL DEFAULT 'all', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ccf613aa86488c758a3f4d262f" ON "activity"  ("seq") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_1cd18e7723e3e685a506d08474" ON "activity"  ("room_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e3267bec782b8669f12f7da8d0" ON "activity"  ("company_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5d53088948d2272ae1b16cb43a" ON "activity"  ("workspace_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid, "email" text NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "password_hash" text, "status" text NOT NULL DEFAULT 'active', "title" text NOT NULL DEFAULT '', "phone" text NOT NULL DEFAULT '', "timezone" text NOT NULL DEFAULT 'UTC', "contact_preference" text NOT NULL DEFAULT 'messages', "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7ae6334059289559722437bcc1" ON "users"  ("company_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "auth_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "user_agent" text NOT NULL DEFAULT '', "ip" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_50ccaa6440288a06f0ba693ccc" ON "auth_sessions"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "token_hash" text NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3bf308fa93da3966f9e76fcfba" ON "refresh_tokens"  ("session_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON "refresh_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "email_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid, "to" text NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "html" text NOT NULL, "template" text NOT NULL, "status" text NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6fbfc201f705fbf1ac87bd7197" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_648db1d4551b4ed132beebbf30" ON "email_outbox"  ("to") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_051013aebb19ccc1ca5e7d2ac4" ON "email_outbox"  ("status", "next_attempt_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL DEFAULT '', "link" text, "data" jsonb NOT NULL DEFAULT '{}', "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_310667f935698fcd8cb319113a" ON "notifications"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "partner_groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a07243466b04066ceff356a2315" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_ff608e6da201e4d542157476d9" ON "partner_groups"  ("workspace_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "company_groups" ("company_id" uuid NOT NULL, "group_id" uuid NOT NULL, CONSTRAINT "PK_252d14d7796344971d7b28ce046" PRIMARY KEY ("company_id", "group_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b22afc50e992f89f5ad93673e6" ON "company_groups"  ("group_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "workspaces" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "default_currency" character(3) NOT NULL DEFAULT 'USD', "fiscal_year_start_month" smallint NOT NULL DEFAULT '1', "lead_protection_days" integer NOT NULL DEFAULT '90', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_098656ae401f3e1a4586f47fd8e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "user_id" uuid NOT NULL, "email" text NOT NULL, "role" text NOT NULL, "company_id" uuid, "token_hash" text NOT NULL, "invited_by_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_fecdffec754fa4d5cea9870977" ON "invitations"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_872ac94a64b3d44fc4b554780c" ON "invitations"  ("token_hash") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_872ac94a64b3d44fc4b554780c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fecdffec754fa4d5cea9870977"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
    await queryRunner.query(`DROP TABLE "workspaces"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b22afc50e992f89f5ad93673e6"`);
    await queryRunner.query(`DROP TABLE "company_groups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ff608e6da201e4d542157476d9"`);
    await queryRunner.query(`DROP TABLE "partner_groups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_310667f935698fcd8cb319113a"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_051013aebb19ccc1ca5e7d2ac4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_648db1d4551b4ed132beebbf30"`);
    await queryRunner.query(`DROP TABLE "email_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a7838d2ba25be1342091b6695f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3bf308fa93da3966f9e76fcfba"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_50ccaa6440288a06f0ba693ccc"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7ae6334059289559722437bcc1"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5d53088948d2272ae1b16cb43a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e3267bec782b8669f12f7da8d0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1cd18e7723e3e685a506d08474"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ccf613aa86488c758a3f4d262f"`);
    await queryRunner.query(`DROP TABLE "activity"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a199c109da5c3c6739ac79ebc3"`);
    await queryRunner.query(`DROP TABLE "rooms"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aafdf4e56e838bc1b592ad4d68"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_df63e1563bbd91b428b5c50d8a"`);
    await queryRunner.query(`DROP TABLE "companies"`);
  }
}
