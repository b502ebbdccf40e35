import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { parseConfig } from '../config/config';
import { connectionOptions } from '../core/database/database.module';
import { openDatabase } from '../core/database/embedded-postgres';

/** A bare data source over every entity of the build, on the database `npm start` would use. */
async function openDataSource(migrationsRun: boolean) {
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env, PWS_WORKERS: 'off' });
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  const dataSource = new DataSource({
    ...connectionOptions({ url: database.url, embedded: database.embedded, migrationsRun }),
    entities: [join(__dirname, '..', '**', '*.entity.js')],
  });
  await dataSource.initialize();
  if (migrationsRun) await dataSource.runMigrations({ transaction: 'each' });
  return {
    dataSource,
    async close() {
      await dataSource.destroy();
      await database.close();
    },
  };
}

const MIGRATIONS_DIR = resolve(__dirname, '../../../migrations');

function quote(sql: string): string {
  return '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

/** Rewrites migrations/index.ts so it lists every migration file in timestamp order. */
function writeIndex(): void {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{13}-[A-Za-z0-9]+\.ts$/.test(f))
    .sort();
  const entries = files.map((f) => {
    const [stamp, name] = f.replace(/\.ts$/, '').split('-');
    return { module: f.replace(/\.ts$/, ''), klass: `${name}${stamp}` };
  });
  const text = [
    "import type { MigrationInterface } from 'typeorm';",
    ...entries.map((e) => `import { ${e.klass} } from './${e.module}';`),
    '',
    '// Every migration, in order. `npm run migration:generate` adds new ones here; landed ones are never edited.',
    'export const MIGRATIONS: Array<new () => MigrationInterface> = [',
    ...entries.map((e) => `  ${e.klass},`),
    '];',
    '',
  ].join('\n');
  writeFileSync(join(MIGRATIONS_DIR, 'index.ts'), text);
}

async function generate(name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Name the migration in PascalCase, e.g. AddDeals');
  const cli = await openDataSource(true);
  try {
    const sql = await cli.dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log('The schema matches the entities; nothing to generate.');
      return;
    }
    const stamp = Date.now();
    const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`);
    const down = sql.downQueries.reverse().map((q) => `    await queryRunner.query(${quote(q.query)});`);
    const file = join(MIGRATIONS_DIR, `${stamp}-${name}.ts`);
    writeFileSync(
      file,
      [
        "import { MigrationInterface, QueryRunner } from 'typeorm';",
        '',
        `export class ${name}${stamp} implements MigrationInterface {`,
        `  name = '${name}${stamp}';`,
        '',
        '  public async up(queryRunner: QueryRunner): Promise<void> {',
        ...up,
        '  }',
        '',
        '  public async down(queryRunner: QueryRunner): Promise<void> {',
        ...down,
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    writeIndex();
    console.log(`Wrote ${file} (${sql.upQueries.length} statements) and updated migrations/index.ts`);
  } finally {
    await cli.close();
  }
}

async function run(): Promise<void> {
  const cli = await openDataSource(false);
  try {
    const applied = await cli.dataSource.runMigrations({ transaction: 'each' });
    console.log(
      applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}` : 'No pending migrations.',
    );
  } finally {
    await cli.close();
  }
}

async function revert(): Promise<void> {
  const cli = await openDataSource(false);
  try {
    await cli.dataSource.undoLastMigration({ transaction: 'each' });
    console.log('Reverted the last migration.');
  } finally {
    await cli.close();
  }
}

const [command, name] = process.argv.slice(2);
const actions: Record<string, () => Promise<void>> = {
  generate: () => generate(name ?? ''),
  run,
  revert,
};
const action = actions[command ?? ''];
if (!action) {
  console.error('usage: migrations generate <Name> | run | revert');
  process.exit(2);
}
action().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
