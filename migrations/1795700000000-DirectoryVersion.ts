import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `workspaces.directory_version` counts committed changes to what the company directory shows (companies,
 * their rooms, their group memberships). Deferred constraint triggers bump it once per changed row when the
 * transaction commits, so the new version and the new rows become visible together, and the workspace row
 * is locked only for the moment of commit (no lock-order deadlock with the rows the transaction wrote).
 */
export class DirectoryVersion1795700000000 implements MigrationInterface {
  name = 'DirectoryVersion1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workspaces" ADD "directory_version" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`
      CREATE FUNCTION "bump_directory_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed record;
        workspace uuid;
      BEGIN
        IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
        IF TG_TABLE_NAME = 'company_groups' THEN
          SELECT c.workspace_id INTO workspace FROM companies c WHERE c.id = changed.company_id;
        ELSE
          workspace := changed.workspace_id;
        END IF;
        UPDATE workspaces SET directory_version = directory_version + 1 WHERE id = workspace;
        RETURN NULL;
      END $$`);
    for (const table of ['companies', 'rooms', 'company_groups']) {
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER "${table}_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['companies', 'rooms', 'company_groups']) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${table}_directory_version" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS "bump_directory_version"()`);
    await queryRunner.query(`ALTER TABLE "workspaces" DROP COLUMN "directory_version"`);
  }
}
