import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Postgres keeps no statistics for the expression of a partial index, so it guessed hundreds of leads per
 * contact email and could prefer a scan of leads for the conflict check. Expression statistics fix that.
 */
export class LeadEmailStatistics1795655289825 implements MigrationInterface {
  name = 'LeadEmailStatistics1795655289825';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE STATISTICS IF NOT EXISTS "stat_leads_contact_email_lower" ON (lower("contact_email")) FROM "leads"`,
    );
    await queryRunner.query(`ANALYZE "leads"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP STATISTICS IF EXISTS "stat_leads_contact_email_lower"`);
  }
}
