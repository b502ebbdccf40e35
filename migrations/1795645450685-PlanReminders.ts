import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanReminders1795645450685 implements MigrationInterface {
  name = 'PlanReminders1795645450685';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plans" ADD "progress_email_month" text`);
    await queryRunner.query(`ALTER TABLE "plans" ADD "stale_nudged_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "stale_nudged_at"`);
    await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "progress_email_month"`);
  }
}
