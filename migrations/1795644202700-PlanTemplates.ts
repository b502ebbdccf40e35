import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanTemplates1795644202700 implements MigrationInterface {
  name = 'PlanTemplates1795644202700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "plan_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "group_ids" uuid array NOT NULL DEFAULT '{}', "sections" jsonb NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e59f68cfae4005422637b12102f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e338064eb87ffe81a3ec4da91c" ON "plan_templates"  ("workspace_id", "name") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_e338064eb87ffe81a3ec4da91c"`);
    await queryRunner.query(`DROP TABLE "plan_templates"`);
  }
}
