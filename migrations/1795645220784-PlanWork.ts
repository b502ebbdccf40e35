import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanWork1795645220784 implements MigrationInterface {
  name = 'PlanWork1795645220784';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "plan_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "assignee_id" uuid, "due_date" date, "status" text NOT NULL DEFAULT 'todo', "position" integer NOT NULL DEFAULT '0', "created_by_id" uuid NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_164d68a56870d6f9365c5748d15" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_77ef616206b0b83e58a8e8ae52" ON "plan_tasks"  ("assignee_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ee5e97adc65b5b6b5c992932b3" ON "plan_tasks"  ("plan_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "quarter" smallint NOT NULL, "held_on" date NOT NULL, "attendee_ids" uuid array NOT NULL DEFAULT '{}', "scorecard" jsonb NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_156728cf593bc21a68c5e03aa9f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_493a5e0463539e63eacf19a274" ON "plan_reviews"  ("plan_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_review_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "review_id" uuid NOT NULL, "text" text NOT NULL, "owner_id" uuid, "done" boolean NOT NULL DEFAULT false, "carried_from_id" uuid, "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_92eef695dbe1f413ae5d7a607af" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_29d2022baf1393d4a61cc22c4e" ON "plan_review_actions"  ("review_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_target_accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "name" text NOT NULL, "domain" text NOT NULL DEFAULT '', "notes" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'prospect', "owner_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8b0c2c6f81f1c847c81e5f8b8b8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ee415c9950ed5d7676414ae02e" ON "plan_target_accounts"  ("plan_id", "name") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_ee415c9950ed5d7676414ae02e"`);
    await queryRunner.query(`DROP TABLE "plan_target_accounts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_29d2022baf1393d4a61cc22c4e"`);
    await queryRunner.query(`DROP TABLE "plan_review_actions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_493a5e0463539e63eacf19a274"`);
    await queryRunner.query(`DROP TABLE "plan_reviews"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ee5e97adc65b5b6b5c992932b3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_77ef616206b0b83e58a8e8ae52"`);
    await queryRunner.query(`DROP TABLE "plan_tasks"`);
  }
}
