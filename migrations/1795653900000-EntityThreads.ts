import { MigrationInterface, QueryRunner } from 'typeorm';

const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * Deal notes and file comments become messages of their entity's thread in the company's messages room
 * (the note or comment keeps its id), then their own tables go.
 */
export class EntityThreads1795653900000 implements MigrationInterface {
  name = 'EntityThreads1795653900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.move(queryRunner, {
      type: 'deal',
      rows: `SELECT n.id, n.deal_id AS entity_id, n.author_id, n.body, n.mention_ids AS mentions, n.created_at
               FROM "deal_notes" n`,
      entities: `SELECT d.id, d.workspace_id, d.company_id, d.name FROM "deals" d`,
    });
    await this.move(queryRunner, {
      type: 'file',
      rows: `SELECT n.id, n.file_id AS entity_id, COALESCE(n.author_id, f.created_by_id, '${NOBODY}'::uuid) AS author_id,
                    n.body, n.mentions, n.created_at
               FROM "file_comments" n JOIN "files" f ON f.id = n.file_id`,
      entities: `SELECT f.id, f.workspace_id, f.company_id, f.name FROM "files" f`,
    });
    for (const table of ['deal_notes', 'file_comments']) {
      const [{ left }] = (await queryRunner.query(
        `SELECT count(*)::int AS left FROM "${table}" n WHERE NOT EXISTS (SELECT 1 FROM "messages" m WHERE m.id = n.id)`,
      )) as Array<{ left: number }>;
      // A row whose company has no messages room could not move: stop rather than lose it.
      if (left > 0) throw new Error(`${left} rows of ${table} could not move to their entity thread`);
    }
    await queryRunner.query(`DROP TABLE "deal_notes"`);
    await queryRunner.query(`DROP TABLE "file_comments"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "file_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "file_id" uuid NOT NULL, "author_id" uuid, "body" text NOT NULL, "mentions" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8819c1919591f49959397ccfcdc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6b9bd4905f4b73c831528d6db0" ON "file_comments"  ("file_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "deal_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deal_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "mention_ids" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e5599f82c340bde2fd84ddd4f53" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d38a5935e8dfebd462155bbb09" ON "deal_notes"  ("deal_id", "created_at") `,
    );
    await queryRunner.query(
      `INSERT INTO "deal_notes" ("id", "deal_id", "author_id", "body", "mention_ids", "created_at")
       SELECT m.id, c.entity_id, m.author_id, m.body, m.mentions, m.created_at
         FROM "messages" m JOIN "conversations" c ON c.id = m.conversation_id
        WHERE c.entity_type = 'deal' AND m.parent_id IS NULL AND m.deleted_at IS NULL`,
    );
    await queryRunner.query(
      `INSERT INTO "file_comments" ("id", "file_id", "author_id", "body", "mentions", "created_at")
       SELECT m.id, c.entity_id, NULLIF(m.author_id, '${NOBODY}'::uuid), m.body, m.mentions, m.created_at
         FROM "messages" m JOIN "conversations" c ON c.id = m.conversation_id
        WHERE c.entity_type = 'file' AND m.parent_id IS NULL AND m.deleted_at IS NULL`,
    );
    const threads = `SELECT id FROM "conversations" WHERE entity_type IN ('deal', 'file')`;
    for (const table of ['message_alerts', 'conversation_reads', 'conversation_members', 'messages']) {
      await queryRunner.query(`DELETE FROM "${table}" WHERE conversation_id IN (${threads})`);
    }
    await queryRunner.query(`DELETE FROM "conversations" WHERE entity_type IN ('deal', 'file')`);
  }

  /** One thread per entity with rows (unless it has one already), the rows appended in time order. */
  private async move(
    queryRunner: QueryRunner,
    source: { type: string; rows: string; entities: string },
  ): Promise<void> {
    await queryRunner.query(
      `INSERT INTO "conversations" ("workspace_id", "company_id", "room_id", "kind", "name", "topic", "vendor_only",
                                    "entity_type", "entity_id", "created_by_id", "created_at")
       SELECT e.workspace_id, e.company_id, r.id, 'channel', left(e.name, 120), '', false, $1, e.id,
              first.author_id, first.created_at
         FROM (${source.entities}) e
         JOIN "rooms" r ON r.company_id = e.company_id AND r.kind = 'messages'
         JOIN LATERAL (SELECT s.author_id, s.created_at FROM (${source.rows}) s
                        WHERE s.entity_id = e.id ORDER BY s.created_at, s.id LIMIT 1) first ON true
        WHERE NOT EXISTS (SELECT 1 FROM "conversations" c WHERE c.entity_type = $1 AND c.entity_id = e.id)`,
      [source.type],
    );
    await queryRunner.query(
      `INSERT INTO "messages" ("id", "workspace_id", "company_id", "conversation_id", "seq", "author_id", "body",
                               "mentions", "created_at")
       SELECT s.id, c.workspace_id, c.company_id, c.id,
              c.last_seq + row_number() OVER (PARTITION BY c.id ORDER BY s.created_at, s.id),
              s.author_id, s.body, s.mentions, s.created_at
         FROM (${source.rows}) s
         JOIN "conversations" c ON c.entity_type = $1 AND c.entity_id = s.entity_id`,
      [source.type],
    );
    await queryRunner.query(
      `UPDATE "conversations" c SET "last_seq" = m.last_seq, "last_message_at" = GREATEST(c.last_message_at, m.last_at)
         FROM (SELECT conversation_id, max(seq) AS last_seq, max(created_at) AS last_at FROM "messages"
                GROUP BY conversation_id) m
        WHERE m.conversation_id = c.id AND c.entity_type = $1 AND m.last_seq > c.last_seq`,
      [source.type],
    );
  }
}
