import { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadsDeals1795645590323 implements MigrationInterface {
  name = 'LeadsDeals1795645590323';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "commissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "deal_id" uuid NOT NULL, "deal_value" numeric(18,2) NOT NULL, "rate" numeric(5,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "currency" character(3) NOT NULL, "status" text NOT NULL DEFAULT 'pending', "reason" text, "decided_by_id" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2701379966e2e670bb5ff0ae78e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c6663df7eac05ce24c617aa69d" ON "commissions"  ("deal_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_41c640943cf477768cb1f172be" ON "commissions"  ("workspace_id", "company_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "currency_rates" ("workspace_id" uuid NOT NULL, "currency" character(3) NOT NULL, "rate_to_base" numeric(18,8) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fe549359893635ce1294caafbb0" PRIMARY KEY ("workspace_id", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "deal_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deal_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "mention_ids" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e5599f82c340bde2fd84ddd4f53" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d38a5935e8dfebd462155bbb09" ON "deal_notes"  ("deal_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "deal_stage_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deal_id" uuid NOT NULL, "from_stage" text, "to_stage" text NOT NULL, "by_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3855a011aeaeeae603dc32d9dd7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8f304d1ff44678b0b0b6eb5563" ON "deal_stage_changes"  ("deal_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "deals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "name" text NOT NULL, "customer_name" text NOT NULL, "customer_domain" text NOT NULL DEFAULT '', "products" text array NOT NULL DEFAULT '{}', "value" numeric(18,2) NOT NULL, "currency" character(3) NOT NULL, "stage" text NOT NULL DEFAULT 'prospecting', "probability" smallint NOT NULL DEFAULT '10', "expected_close_date" date, "qualified" boolean NOT NULL DEFAULT false, "qualified_at" TIMESTAMP WITH TIME ZONE, "registered_by_id" uuid, "created_by_id" uuid NOT NULL, "source_lead_id" uuid, "commission_rate" numeric(5,2), "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8c66f03b250f613ff8615940b4b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_362617a7c6137c7513d4eaefad" ON "deals"  ("source_lead_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_4efccde19b6afee3d7aa4df07a" ON "deals"  ("company_id", "stage") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_561688a4fb5297d27d592e49ca" ON "deals"  ("company_id", "registered_by_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_abeda9e44a33dba1d2211a82c0" ON "deals"  ("workspace_id", "company_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "leads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "company_id" uuid NOT NULL, "customer_name" text NOT NULL, "customer_domain" text NOT NULL DEFAULT '', "domain_key" text, "name_key" text, "country" character(2) NOT NULL, "contact_name" text NOT NULL, "contact_email" text NOT NULL, "contact_phone" text NOT NULL DEFAULT '', "products" text array NOT NULL DEFAULT '{}', "estimated_value" numeric(18,2) NOT NULL, "currency" character(3) NOT NULL, "notes" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'submitted', "status_reason" text, "conflict" boolean NOT NULL DEFAULT false, "registered_by_id" uuid, "submitted_by_id" uuid NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE, "decided_by_id" uuid, "qualified_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "reminded14_at" TIMESTAMP WITH TIME ZONE, "reminded3_at" TIMESTAMP WITH TIME ZONE, "extension" jsonb, "deal_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cd102ed7a9a4ca7d4d8bfeba406" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ab577007b93f9efebca0bfb8ae" ON "leads"  ("status", "expires_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_open_name" ON "leads"  ("workspace_id", "name_key", "country") WHERE status IN ('submitted', 'approved', 'qualified', 'demo', 'proposal')`,
    );
    // An expression index TypeORM cannot describe (the entity marks it synchronize: false).
    await queryRunner.query(
      `CREATE INDEX "idx_leads_open_email" ON "leads" ("workspace_id", lower("contact_email")) WHERE status IN ('submitted', 'approved', 'qualified', 'demo', 'proposal')`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_open_domain" ON "leads"  ("workspace_id", "domain_key") WHERE status IN ('submitted', 'approved', 'qualified', 'demo', 'proposal')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_148e15790ca7ddfce98b8065bf" ON "leads"  ("company_id", "registered_by_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1f6b95a3eb5764b2c85058e409" ON "leads"  ("workspace_id", "company_id", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_leads_open_email"`);
    await queryRunner.query(`DROP INDEX "public"."idx_leads_open_domain"`);
    await queryRunner.query(`DROP INDEX "public"."idx_leads_open_name"`);
    await queryRunner.query(`DROP TABLE "leads"`);
    await queryRunner.query(`DROP TABLE "deals"`);
    await queryRunner.query(`DROP TABLE "deal_stage_changes"`);
    await queryRunner.query(`DROP TABLE "deal_notes"`);
    await queryRunner.query(`DROP TABLE "currency_rates"`);
    await queryRunner.query(`DROP TABLE "commissions"`);
  }
}
