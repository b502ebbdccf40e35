import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlansRoom1795643900643 implements MigrationInterface {
  name = 'PlansRoom1795643900643';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "goal_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "goal_id" uuid NOT NULL, "value" numeric(18,2) NOT NULL, "note" text NOT NULL DEFAULT '', "period" text, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bccf577ce5482ee41b6d55be5ed" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_25c428b4dc10a0df118850e638" ON "goal_entries"  ("goal_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "goal_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "goal_id" uuid NOT NULL, "text" text NOT NULL, "position" integer NOT NULL DEFAULT '0', "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_16abc3046aeab60b3ebd7d9e797" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e6dea95d99430ec4b04a5cba66" ON "goal_items"  ("goal_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "goal_item_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "action" text NOT NULL, "user_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_985af6b2fca8539c3ebe07ea4b7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8ec01f50ac504a46fe00a52d21" ON "goal_item_events"  ("item_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_goals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "section_id" uuid NOT NULL, "type" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "weight" smallint NOT NULL DEFAULT '1', "due_date" date, "target" numeric(18,2), "baseline" numeric(18,2) NOT NULL DEFAULT '0', "settings" jsonb NOT NULL DEFAULT '{}', "position" integer NOT NULL DEFAULT '0', "final_progress" numeric(5,1), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3c94e7ff165c29164dcf51676ac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_59b29c13a344dfe8fedd81cf11" ON "plan_goals"  ("plan_id", "section_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_sections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0bd361f525c0e4b966014e843dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_42e2fec429a1afa0b8f61d1009" ON "plan_sections"  ("plan_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "fiscal_year" integer NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "currency" character(3) NOT NULL, "status" text NOT NULL DEFAULT 'draft_outline', "author_id" uuid, "template_id" uuid, "overall_completion" numeric(5,1) NOT NULL DEFAULT '0', "section_completion" jsonb NOT NULL DEFAULT '{}', "revenue_target" numeric(18,2), "revenue_actual" numeric(18,2), "shared_at" TIMESTAMP WITH TIME ZONE, "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7971a1d77f34c2c6f4ba4ac2c3" ON "plans"  ("company_id", "fiscal_year") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c5810ecf6fe1ee7983de4018fc" ON "plans"  ("workspace_id", "fiscal_year") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_c5810ecf6fe1ee7983de4018fc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7971a1d77f34c2c6f4ba4ac2c3"`);
    await queryRunner.query(`DROP TABLE "plans"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_42e2fec429a1afa0b8f61d1009"`);
    await queryRunner.query(`DROP TABLE "plan_sections"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_59b29c13a344dfe8fedd81cf11"`);
    await queryRunner.query(`DROP TABLE "plan_goals"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8ec01f50ac504a46fe00a52d21"`);
    await queryRunner.query(`DROP TABLE "goal_item_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e6dea95d99430ec4b04a5cba66"`);
    await queryRunner.query(`DROP TABLE "goal_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_25c428b4dc10a0df118850e638"`);
    await queryRunner.query(`DROP TABLE "goal_entries"`);
  }
}
