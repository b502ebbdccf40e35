import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanVersions1795647150988 implements MigrationInterface {
  name = 'PlanVersions1795647150988';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "plan_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "collab_version_id" uuid NOT NULL, "name" text NOT NULL, "sections" jsonb NOT NULL, "goals" jsonb NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dd2f605d45f2679a86a7c1c5b20" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fcae0f1ff4cc955f06e8923387" ON "plan_versions"  ("plan_id", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_fcae0f1ff4cc955f06e8923387"`);
    await queryRunner.query(`DROP TABLE "plan_versions"`);
  }
}
