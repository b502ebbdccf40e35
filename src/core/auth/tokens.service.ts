import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthSession } from './auth-session.entity';
import { RefreshToken } from './refresh-token.entity';

export const JWT_AUDIENCE = 'partner-workspace';
export const JWT_ISSUER = 'partner-workspace';
export const JWT_ALGORITHM = 'HS256';

export interface AccessClaims {
  sub: string;
  sid: string;
  wid: string;
  typ: 'access';
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

const keys = new Map<string, KeyObject>();

/**
 * The HMAC key as a KeyObject, made once: given a string, the JWT library builds a new key object on every
 * sign and verify, which costs more than the rest of checking a token.
 */
export function jwtKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  // The library accepts a KeyObject wherever its types say string or Buffer.
  return key as unknown as Buffer;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Issues access JWTs and rotating, single-use refresh tokens (stored hashed, revocable by session). */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async startSession(
    manager: EntityManager,
    user: { id: string; workspaceId: string },
    meta: { ip?: string; userAgent?: string },
  ): Promise<TokenPair> {
    const session = await manager.save(
      manager.create(AuthSession, {
        userId: user.id,
        ip: (meta.ip ?? '').slice(0, 64),
        userAgent: (meta.userAgent ?? '').slice(0, 512),
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
      }),
    );
    return this.issue(manager, session, user.workspaceId);
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already used means it leaked:
   * the whole session (token family) is revoked.
   */
  async rotate(
    manager: EntityManager,
    presented: string,
  ): Promise<{ pair: TokenPair; session: AuthSession } | { revokedSession: AuthSession }> {
    const token = await manager
      .createQueryBuilder(RefreshToken, 't')
      .setLock('pessimistic_write')
      .where('t.tokenHash = :hash', { hash: sha256(presented) })
      .getOne();
    if (!token) throw new UnauthorizedException('Invalid refresh token');
    const session = await manager.findOne(AuthSession, { where: { id: token.sessionId } });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedException('Session ended; log in again');
    }
    if (token.usedAt) {
      session.revokedAt = new Date();
      session.revokedReason = 'refresh token reuse';
      await manager.save(session);
      return { revokedSession: session };
    }
    token.usedAt = new Date();
    await manager.save(token);
    const workspace = await manager.query<{ workspace_id: string }[]>(
      'SELECT workspace_id FROM users WHERE id = $1 AND status = $2',
      [session.userId, 'active'],
    );
    if (!workspace[0]) throw new UnauthorizedException('Account is not active');
    return { pair: await this.issue(manager, session, workspace[0].workspace_id), session };
  }

  async revokeSession(manager: EntityManager, sessionId: string, reason: string): Promise<void> {
    await manager.update(
      AuthSession,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  async revokeUserSessions(manager: EntityManager, userId: string, reason: string): Promise<string[]> {
    const sessions = await manager.find(AuthSession, {
      select: { id: true },
      where: { userId, revokedAt: IsNull() },
    });
    if (sessions.length) {
      await manager.update(
        AuthSession,
        { userId, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: reason },
      );
    }
    return sessions.map((s) => s.id);
  }

  async sessionOf(manager: EntityManager, presented: string): Promise<AuthSession | null> {
    const token = await manager.findOne(RefreshToken, { where: { tokenHash: sha256(presented) } });
    return token ? manager.findOne(AuthSession, { where: { id: token.sessionId } }) : null;
  }

  private async issue(manager: EntityManager, session: AuthSession, workspaceId: string): Promise<TokenPair> {
    const refreshToken = `${randomBytes(32).toString('base64url')}`;
    await manager.save(
      manager.create(RefreshToken, { sessionId: session.id, tokenHash: sha256(refreshToken) }),
    );
    const claims: AccessClaims = { sub: session.userId, sid: session.id, wid: workspaceId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: JWT_ALGORITHM,
      audience: JWT_AUDIENCE,
      issuer: JWT_ISSUER,
      expiresIn: this.config.accessTokenTtlSeconds,
      secret: jwtKey(this.config.jwtSecret),
    });
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds };
  }
}
