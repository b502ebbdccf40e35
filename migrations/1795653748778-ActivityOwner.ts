import { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivityOwner1795653748778 implements MigrationInterface {
  name = 'ActivityOwner1795653748778';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "activity" ADD "owner_id" uuid`);
    // Entries already written about leads, deals and commissions become visible to their owner only.
    await queryRunner.query(
      `UPDATE "activity" a SET "audience" = 'owner', "owner_id" = l."registered_by_id" FROM "leads" l
       WHERE a."entity" = 'lead' AND a."entity_id" = l."id" AND a."audience" = 'all'`,
    );
    await queryRunner.query(
      `UPDATE "activity" a SET "audience" = 'owner', "owner_id" = d."registered_by_id" FROM "deals" d
       WHERE a."entity" = 'deal' AND a."entity_id" = d."id" AND a."audience" = 'all'`,
    );
    await queryRunner.query(
      `UPDATE "activity" a SET "audience" = 'owner', "owner_id" = d."registered_by_id"
       FROM "commissions" k JOIN "deals" d ON d."id" = k."deal_id"
       WHERE a."entity" = 'commission' AND a."entity_id" = k."id" AND a."audience" = 'all'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "activity" SET "audience" = 'all' WHERE "audience" = 'owner'`);
    await queryRunner.query(`ALTER TABLE "activity" DROP COLUMN "owner_id"`);
  }
}
