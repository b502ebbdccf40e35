import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'pws-config-'));

  it('needs no variable for the embedded defaults and keeps a generated secret', () => {
    const dir = dataDir();
    const first = parseConfig({ DATA_DIR: dir });
    expect(first.port).toBe(3000);
    expect(first.databaseUrl).toBeNull();
    expect(first.s3).toBeNull();
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
    expect(parseConfig({ DATA_DIR: dir }).jwtSecret).toBe(first.jwtSecret);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ S3_ENDPOINT: 'http://127.0.0.1:9000' }, 'S3_ACCESS_KEY'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ CORS_ORIGINS: 'http://ok.example, nope' }, 'CORS_ORIGINS'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }, 'JWT_SECRET'],
  ])('rejects %p naming %s', (env, name) => {
    expect(() => parseConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => parseConfig({ DATA_DIR: dataDir(), ...env })).toThrow(name);
  });

  it('parses the production variables', () => {
    const config = parseConfig({
      DATA_DIR: dataDir(),
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/app',
      REDIS_URL: 'redis://cache:6379',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY: 'a',
      S3_SECRET_KEY: 'b',
      JWT_SECRET: 'x'.repeat(40),
      PUBLIC_URL: 'https://partners.example.com/',
    });
    expect(config.port).toBe(8080);
    expect(config.s3).toMatchObject({ bucket: 'partner-workspace', region: 'us-east-1' });
    expect(config.publicUrl).toBe('https://partners.example.com');
    expect(config.corsOrigins).toEqual(['https://partners.example.com']);
  });
});
