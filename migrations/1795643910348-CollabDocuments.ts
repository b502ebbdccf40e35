import { MigrationInterface, QueryRunner } from 'typeorm';

export class CollabDocuments1795643910348 implements MigrationInterface {
  name = 'CollabDocuments1795643910348';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "collab_updates" ("seq" BIGSERIAL NOT NULL, "doc_name" text NOT NULL, "update" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a4bcbc509c521b726a0c9de6e0c" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_32da1776e8a8c309928fdaf310" ON "collab_updates"  ("doc_name", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "collab_snapshots" ("doc_name" text NOT NULL, "state" bytea NOT NULL, "seq_upto" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_182ee37aa8ab74b80ca52331602" PRIMARY KEY ("doc_name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "collab_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "doc_name" text NOT NULL, "name" text NOT NULL, "state" bytea NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_21ed0a048a1e537bdc0e47174e9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_226cb10652358dcb608fb0e2d3" ON "collab_versions"  ("doc_name", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_226cb10652358dcb608fb0e2d3"`);
    await queryRunner.query(`DROP TABLE "collab_versions"`);
    await queryRunner.query(`DROP TABLE "collab_snapshots"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_32da1776e8a8c309928fdaf310"`);
    await queryRunner.query(`DROP TABLE "collab_updates"`);
  }
}
