import { MigrationInterface, QueryRunner } from 'typeorm';

export class FilesRooms1795645587419 implements MigrationInterface {
  name = 'FilesRooms1795645587419';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "file_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "file_id" uuid NOT NULL, "author_id" uuid, "body" text NOT NULL, "mentions" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8819c1919591f49959397ccfcdc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6b9bd4905f4b73c831528d6db0" ON "file_comments"  ("file_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "file_downloads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "file_id" uuid NOT NULL, "version_id" uuid NOT NULL, "user_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_74e5be4255762507c6f3d213442" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_750d1d28fa840f9d254d74f3ad" ON "file_downloads"  ("file_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "file_uploads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "folder_id" uuid NOT NULL, "user_id" uuid NOT NULL, "object_key" text NOT NULL, "multipart_id" text, "name" text NOT NULL DEFAULT '', "size" bigint, "sha256" character(64), "comment" text NOT NULL DEFAULT '', "part_size" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b3ebfc99a8b660f0bc64a052b42" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3dbd6f20c131a225ba99241d4f" ON "file_uploads"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "file_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "file_id" uuid NOT NULL, "number" integer NOT NULL, "object_key" text NOT NULL, "size" bigint NOT NULL, "content_type" text NOT NULL, "sha256" character(64) NOT NULL, "uploader_id" uuid, "comment" text NOT NULL DEFAULT '', "restored_from" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_caca394bb05012a3d17c1d8b336" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0e2332b7488c8d5b51ca12689e" ON "file_versions"  ("object_key") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_8141a4a66a83e55ca6195fcfe2" ON "file_versions"  ("file_id", "number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "folders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "room_id" uuid NOT NULL, "parent_id" uuid, "name" text NOT NULL, "created_by_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8578bd31b0e7f6d6c2480dbbca8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_b9ee658e7c3647db0efc8527ed" ON "folders"  ("room_id") WHERE "parent_id" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_301d7ccfe7d0bd21a7f1924051" ON "folders"  ("parent_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "room_id" uuid NOT NULL, "folder_id" uuid NOT NULL, "name" text NOT NULL, "kind" text NOT NULL DEFAULT 'file', "current_version_id" uuid, "category" text, "tags" text array NOT NULL DEFAULT '{}', "created_by_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c16b9093a142e0e7613b04a3d9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_61d3fd623ab1f6144c9a7a750f" ON "files"  ("deleted_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_c00637e6c7bc8a791e0e72d6d9" ON "files"  ("company_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5c9b034bf89203c14c46b90153" ON "files"  ("folder_id", "name") WHERE "deleted_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "learning_tracks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "room_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "published" boolean NOT NULL DEFAULT false, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e5e955f3a02b9fc32af3c41f011" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e0cc0cd655a4b598eb0a327777" ON "learning_tracks"  ("company_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "learning_track_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "track_id" uuid NOT NULL, "position" integer NOT NULL, "kind" text NOT NULL, "file_id" uuid, "url" text, "title" text NOT NULL, CONSTRAINT "PK_17c0e26f022094246ec3be787f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_69abfb4ee6908a2ea14b67d63c" ON "learning_track_items"  ("track_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "learning_item_completions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "track_id" uuid NOT NULL, "item_id" uuid NOT NULL, "user_id" uuid NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_be6974ca5964ae16eca61794aa6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5a66df98df1bbabfb5699640b4" ON "learning_item_completions"  ("track_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_07046c1fcbdecc8adb243a5784" ON "learning_item_completions"  ("item_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "learning_track_completions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "track_id" uuid NOT NULL, "company_id" uuid NOT NULL, "user_id" uuid NOT NULL, "partner" boolean NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22628f34f4653312a9c77b111fa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_86e19c2619bc367b8006ca5278" ON "learning_track_completions"  ("company_id", "completed_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_625cb9edc3d59ba15b981fb18e" ON "learning_track_completions"  ("track_id", "user_id") `,
    );
    // Every existing file room gets its root folder.
    await queryRunner.query(
      `INSERT INTO "folders" ("workspace_id", "company_id", "room_id", "parent_id", "name")
       SELECT r.workspace_id, r.company_id, r.id, NULL, r.name FROM "rooms" r
        WHERE r.kind IN ('files', 'resources', 'brand', 'custom')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_625cb9edc3d59ba15b981fb18e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_86e19c2619bc367b8006ca5278"`);
    await queryRunner.query(`DROP TABLE "learning_track_completions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_07046c1fcbdecc8adb243a5784"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5a66df98df1bbabfb5699640b4"`);
    await queryRunner.query(`DROP TABLE "learning_item_completions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_69abfb4ee6908a2ea14b67d63c"`);
    await queryRunner.query(`DROP TABLE "learning_track_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e0cc0cd655a4b598eb0a327777"`);
    await queryRunner.query(`DROP TABLE "learning_tracks"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5c9b034bf89203c14c46b90153"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c00637e6c7bc8a791e0e72d6d9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_61d3fd623ab1f6144c9a7a750f"`);
    await queryRunner.query(`DROP TABLE "files"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_301d7ccfe7d0bd21a7f1924051"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b9ee658e7c3647db0efc8527ed"`);
    await queryRunner.query(`DROP TABLE "folders"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8141a4a66a83e55ca6195fcfe2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0e2332b7488c8d5b51ca12689e"`);
    await queryRunner.query(`DROP TABLE "file_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3dbd6f20c131a225ba99241d4f"`);
    await queryRunner.query(`DROP TABLE "file_uploads"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_750d1d28fa840f9d254d74f3ad"`);
    await queryRunner.query(`DROP TABLE "file_downloads"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6b9bd4905f4b73c831528d6db0"`);
    await queryRunner.query(`DROP TABLE "file_comments"`);
  }
}
