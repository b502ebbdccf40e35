import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectsContacts1795647500306 implements MigrationInterface {
  name = 'ProjectsContacts1795647500306';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_settings" ("user_id" uuid NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_91a7ffebe8b406c4470845d4781" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "announcements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "audience_all" boolean NOT NULL DEFAULT false, "group_ids" uuid array NOT NULL DEFAULT '{}', "company_ids" uuid array NOT NULL DEFAULT '{}', "pinned" boolean NOT NULL DEFAULT false, "publish_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expire_at" TIMESTAMP WITH TIME ZONE, "attachments" jsonb NOT NULL DEFAULT '[]', "created_by_id" uuid NOT NULL, "notified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b3ad760876ff2e19d58e05dc8b0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_554b97d9956506033859d058dd" ON "announcements"  ("workspace_id", "publish_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "announcement_reads" ("announcement_id" uuid NOT NULL, "user_id" uuid NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_633528237d6cee4418942ade0c6" PRIMARY KEY ("announcement_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a70de57e88ed6bc0b8600a75f2" ON "announcement_reads"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contact_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "user_id" uuid NOT NULL, "partnership_role" text NOT NULL, "assigned_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab4c74b05782a71b4ad14af0082" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5faa6ae28e4867a825c64f0b78" ON "contact_assignments"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_217a001e336f47dcccf837a311" ON "contact_assignments"  ("company_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contact_profiles" ("user_id" uuid NOT NULL, "responsibilities" text NOT NULL DEFAULT '', CONSTRAINT "PK_2573689c9b6c6b7f43e4693c525" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "overview_visits" ("user_id" uuid NOT NULL, "company_id" uuid NOT NULL, "visited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seq" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_79e12c452046110d9e3b4f572c3" PRIMARY KEY ("user_id", "company_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "project_deliverables" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "title" text NOT NULL, "file_id" uuid NOT NULL, "version_id" uuid NOT NULL, "file_name" text NOT NULL, "status" text NOT NULL DEFAULT 'submitted', "submitted_by_id" uuid NOT NULL, "submitted_side" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reviewed_by_id" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "review_comment" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ec7708285d7c996541be8e3efa6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_57c878408e01882add8e1dc9a3" ON "project_deliverables"  ("project_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "project_updates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "attachments" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2093d4d18851bc0f6ec8b1197e7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_41b176db583d8fc811f54e8ef6" ON "project_updates"  ("project_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "projects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "deal_id" uuid, "status" text NOT NULL DEFAULT 'planned', "start_date" date, "due_date" date, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6271df0a7aed1d6c0691ce6ac50" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3ce093afcf328b88b94c244cea" ON "projects"  ("company_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "project_members" ("project_id" uuid NOT NULL, "user_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b3f491d3a3f986106d281d8eb4b" PRIMARY KEY ("project_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e89aae80e010c2faa72e6a49ce" ON "project_members"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "project_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "assignee_id" uuid, "due_date" date, "status" text NOT NULL DEFAULT 'todo', "milestone" boolean NOT NULL DEFAULT false, "weight" integer NOT NULL DEFAULT '1', "position" integer NOT NULL DEFAULT '0', "created_by_id" uuid NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "due_soon_notified_at" TIMESTAMP WITH TIME ZONE, "overdue_notified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1b6204912a6f44133df3a4518b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_89de1a5c0f26c99ddf839cc9fa" ON "project_tasks"  ("assignee_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bdc5b6f3a696c3b1ac86c27c3c" ON "project_tasks"  ("due_date") WHERE status <> 'done'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_934e8a143c2c99889c79566584" ON "project_tasks"  ("project_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "project_task_dependencies" ("task_id" uuid NOT NULL, "depends_on_id" uuid NOT NULL, "project_id" uuid NOT NULL, CONSTRAINT "PK_e7a304d7668c4973f9fdd31ee68" PRIMARY KEY ("task_id", "depends_on_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_86823f81967454fa1fe0ef1c5e" ON "project_task_dependencies"  ("depends_on_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e3fec83b5bc46486d6b2bb8d0b" ON "project_task_dependencies"  ("project_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_e3fec83b5bc46486d6b2bb8d0b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_86823f81967454fa1fe0ef1c5e"`);
    await queryRunner.query(`DROP TABLE "project_task_dependencies"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_934e8a143c2c99889c79566584"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bdc5b6f3a696c3b1ac86c27c3c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_89de1a5c0f26c99ddf839cc9fa"`);
    await queryRunner.query(`DROP TABLE "project_tasks"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e89aae80e010c2faa72e6a49ce"`);
    await queryRunner.query(`DROP TABLE "project_members"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3ce093afcf328b88b94c244cea"`);
    await queryRunner.query(`DROP TABLE "projects"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_41b176db583d8fc811f54e8ef6"`);
    await queryRunner.query(`DROP TABLE "project_updates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_57c878408e01882add8e1dc9a3"`);
    await queryRunner.query(`DROP TABLE "project_deliverables"`);
    await queryRunner.query(`DROP TABLE "overview_visits"`);
    await queryRunner.query(`DROP TABLE "contact_profiles"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_217a001e336f47dcccf837a311"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5faa6ae28e4867a825c64f0b78"`);
    await queryRunner.query(`DROP TABLE "contact_assignments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a70de57e88ed6bc0b8600a75f2"`);
    await queryRunner.query(`DROP TABLE "announcement_reads"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_554b97d9956506033859d058dd"`);
    await queryRunner.query(`DROP TABLE "announcements"`);
    await queryRunner.query(`DROP TABLE "notification_settings"`);
  }
}
