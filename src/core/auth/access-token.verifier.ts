import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Role } from '../access/roles';
import { AuthUser } from './auth-user';
import { SessionCache } from './session-cache';
import { AccessClaims, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, jwtKey } from './tokens.service';

interface Row {
  id: string;
  workspace_id: string;
  company_id: string | null;
  role: Role;
  name: string;
  email: string;
  expires_at: Date;
}

/**
 * Turns an access token into the caller, for REST, sockets and the collab server alike. The user and
 * session are read on every call so that disabling a user or ending a session takes effect at once.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: SessionCache,
  ) {}

  async verify(token: string | undefined | null): Promise<AuthUser> {
    if (!token) throw new UnauthorizedException('Missing access token');
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: [JWT_ALGORITHM],
        audience: JWT_AUDIENCE,
        issuer: JWT_ISSUER,
        secret: jwtKey(this.config.jwtSecret),
      });
    } catch {
      throw new UnauthorizedException('Invalid or expired access token');
    }
    return this.fromToken(claims);
  }

  /** For claims of a token just verified: the JWT library checks `exp` only when present. */
  async fromToken(claims: Partial<AccessClaims> & { exp?: unknown }): Promise<AuthUser> {
    if (typeof claims.exp !== 'number') throw new UnauthorizedException('Access token without expiry');
    return this.fromClaims(claims);
  }

  /**
   * For REST requests: as fromToken, but a session checked in the last few seconds is taken from the
   * session cache, which forgets a user the moment their sessions end or their access changes.
   */
  async fromTokenCached(claims: Partial<AccessClaims> & { exp?: unknown }): Promise<AuthUser> {
    if (typeof claims.exp !== 'number') throw new UnauthorizedException('Access token without expiry');
    if (claims.typ === 'access' && typeof claims.sub === 'string' && typeof claims.sid === 'string') {
      const cached = this.cache.get(claims.sid, claims.sub);
      if (cached) return cached;
    }
    return this.fromClaims(claims, true);
  }

  async fromClaims(claims: Partial<AccessClaims>, remember = false): Promise<AuthUser> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new UnauthorizedException('Not an access token');
    }
    const rows = await this.dataSource.query<Row[]>(
      `SELECT u.id, u.workspace_id, u.company_id, u.role, u.name, u.email, s.expires_at
         FROM users u JOIN auth_sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND u.status = 'active' AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [claims.sub, claims.sid],
    );
    const row = rows[0];
    if (!row) throw new UnauthorizedException('Session ended or account disabled');
    const user: AuthUser = {
      id: row.id,
      workspaceId: row.workspace_id,
      companyId: row.company_id,
      role: row.role,
      name: row.name,
      email: row.email,
      sessionId: claims.sid,
    };
    if (remember) this.cache.set(user, row.expires_at);
    return user;
  }
}
