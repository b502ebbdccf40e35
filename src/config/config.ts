import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  s3: { endpoint: string; accessKey: string; secretKey: string; bucket: string; region: string } | null;
  smtpUrl: string | null;
  mailFrom: string;
  jwtSecret: string;
  publicUrl: string;
  corsOrigins: string[];
  socketMaxBufferBytes: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a REST request may trust a session checked by an earlier request (SESSION_CACHE_MS; 0: never). */
  sessionCacheMs: number;
  logLevel: string;
  production: boolean;
  /** Background workers (mailer, schedulers); off for one-shot CLI commands. */
  runWorkers: boolean;
  files: {
    /** Largest single upload in bytes (FILES_MAX_UPLOAD_BYTES, default 1 GiB). */
    maxUploadBytes: number;
    /** Stored bytes allowed per workspace (FILES_WORKSPACE_QUOTA_BYTES); 0 means no quota. */
    workspaceQuotaBytes: number;
    /** Days a deleted file is kept before its bytes are purged (FILES_RETENTION_DAYS). */
    retentionDays: number;
    /** A streamed upload whose server stopped renewing it this long ago is swept (FILES_UPLOAD_LEASE_SECONDS). */
    uploadLeaseSeconds: number;
  };
  collab: {
    maxUpdateBytes: number;
    maxDocumentBytes: number;
    /** How long a document stays in memory after its last client left. */
    unloadDelayMs: number;
    compactAfterUpdates: number;
    compactAfterIdleMs: number;
    maxAwarenessClients: number;
  };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function fail(name: string, problem: string): never {
  throw new ConfigError(`Invalid configuration: ${name} ${problem}`);
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) fail(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = optional(env, name);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    fail(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol))
    fail(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  return raw;
}

/** Reads or creates a secret kept in the data directory, so embedded installs need no variable. */
function generatedSecret(dataDir: string, file: string): string {
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  return secret;
}

export function parseConfig(env: Env = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const dataDir = resolve(optional(env, 'DATA_DIR') ?? './data');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);

  const s3Endpoint = url(env, 'S3_ENDPOINT', ['http:', 'https:']);
  let s3: AppConfig['s3'] = null;
  if (s3Endpoint) {
    const accessKey =
      optional(env, 'S3_ACCESS_KEY') ?? fail('S3_ACCESS_KEY', 'is required when S3_ENDPOINT is set');
    const secretKey =
      optional(env, 'S3_SECRET_KEY') ?? fail('S3_SECRET_KEY', 'is required when S3_ENDPOINT is set');
    const bucket = optional(env, 'S3_BUCKET') ?? 'partner-workspace';
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) fail('S3_BUCKET', 'is not a valid bucket name');
    s3 = {
      endpoint: s3Endpoint,
      accessKey,
      secretKey,
      bucket,
      region: optional(env, 'S3_REGION') ?? 'us-east-1',
    };
  }

  let jwtSecret = optional(env, 'JWT_SECRET');
  if (jwtSecret !== null && jwtSecret.length < 32) fail('JWT_SECRET', 'must be at least 32 characters');
  if (jwtSecret === null) {
    if (production && databaseUrl) fail('JWT_SECRET', 'is required in production with an external database');
    jwtSecret = generatedSecret(dataDir, 'jwt-secret');
  }

  const publicUrl = (
    url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port || 3000}`
  ).replace(/\/+$/, '');
  const corsRaw = optional(env, 'CORS_ORIGINS');
  const corsOrigins = corsRaw
    ? corsRaw.split(',').map((origin) => {
        const trimmed = origin.trim();
        try {
          return new URL(trimmed).origin;
        } catch {
          fail('CORS_ORIGINS', `has an entry that is not an origin: "${trimmed}"`);
        }
      })
    : [new URL(publicUrl).origin];

  return {
    port,
    dataDir,
    databaseUrl,
    redisUrl,
    redisPrefix: optional(env, 'REDIS_PREFIX') ?? 'pws:',
    s3,
    smtpUrl,
    mailFrom: optional(env, 'MAIL_FROM') ?? 'Partner Workspace <no-reply@localhost>',
    jwtSecret,
    publicUrl,
    corsOrigins,
    socketMaxBufferBytes: integer(env, 'SOCKET_MAX_BUFFER_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 30, 24 * 3600),
    refreshTokenTtlSeconds: integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    sessionCacheMs: integer(env, 'SESSION_CACHE_MS', 5_000, 0, 300_000),
    logLevel: optional(env, 'LOG_LEVEL') ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    production,
    runWorkers: env.PWS_WORKERS !== 'off',
    files: {
      maxUploadBytes: integer(env, 'FILES_MAX_UPLOAD_BYTES', 1024 ** 3, 1, 5 * 1024 ** 4),
      workspaceQuotaBytes: integer(env, 'FILES_WORKSPACE_QUOTA_BYTES', 0, 0, Number.MAX_SAFE_INTEGER),
      retentionDays: integer(env, 'FILES_RETENTION_DAYS', 30, 0, 3650),
      uploadLeaseSeconds: integer(env, 'FILES_UPLOAD_LEASE_SECONDS', 120, 1, 3600),
    },
    collab: {
      maxUpdateBytes: integer(env, 'COLLAB_MAX_UPDATE_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      maxDocumentBytes: integer(env, 'COLLAB_MAX_DOCUMENT_BYTES', 10_000_000, 1024, 1024 * 1024 * 1024),
      unloadDelayMs: integer(env, 'COLLAB_UNLOAD_DELAY_MS', 30_000, 0, 3600_000),
      compactAfterUpdates: integer(env, 'COLLAB_COMPACT_AFTER_UPDATES', 500, 1, 1_000_000),
      compactAfterIdleMs: integer(env, 'COLLAB_COMPACT_AFTER_IDLE_MS', 60_000, 10, 3600_000),
      maxAwarenessClients: integer(env, 'COLLAB_MAX_AWARENESS_CLIENTS', 200, 1, 100_000),
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
