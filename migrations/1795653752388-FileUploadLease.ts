import { MigrationInterface, QueryRunner } from 'typeorm';

export class FileUploadLease1795653752388 implements MigrationInterface {
  name = 'FileUploadLease1795653752388';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "file_uploads" ADD "touched_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "file_uploads" DROP COLUMN "touched_at"`);
  }
}
