import { Injectable, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TooManyRequestsException } from '../http/errors';
import { RateLimiter } from '../http/rate-limiter';
import { UnitOfWork } from '../database/unit-of-work';
import { EventBus } from '../realtime/event-bus.service';
import { User } from '../workspace/user.entity';
import { mapUser, UserDto } from '../workspace/users.dto';
import { AuthUser } from './auth-user';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { TokenPair, TokensService } from './tokens.service';

export interface LoginResult extends TokenPair {
  user: UserDto;
}

const ACCOUNT_FAILURES = { limit: 5, windowSeconds: 15 * 60 };
const IP_FAILURES = { limit: 30, windowSeconds: 15 * 60 };
const INVALID = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly tokens: TokensService,
    private readonly limiter: RateLimiter,
    private readonly bus: EventBus,
  ) {}

  /** Unknown email and wrong password answer alike, in the same time; failures are throttled per account and IP. */
  async login(
    emailInput: string,
    password: string,
    meta: { ip?: string; userAgent?: string },
  ): Promise<LoginResult> {
    const email = emailInput.trim().toLowerCase();
    const accountKey = `login:account:${email}`;
    const ipKey = `login:ip:${meta.ip ?? 'unknown'}`;
    const [account, ip] = await Promise.all([this.limiter.peek(accountKey), this.limiter.peek(ipKey)]);
    if (account.count >= ACCOUNT_FAILURES.limit || ip.count >= IP_FAILURES.limit) {
      const wait = Math.max(
        account.count >= ACCOUNT_FAILURES.limit ? account.resetIn : 0,
        ip.count >= IP_FAILURES.limit ? ip.resetIn : 0,
      );
      throw new TooManyRequestsException('Too many failed logins; try again later', wait);
    }

    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    let valid = false;
    if (user?.passwordHash) valid = await verifyPassword(user.passwordHash, password);
    else await verifyAgainstDummy(password);

    if (!user || !valid || user.status !== 'active') {
      await Promise.all([
        this.limiter.hit(accountKey, ACCOUNT_FAILURES.windowSeconds),
        this.limiter.hit(ipKey, IP_FAILURES.windowSeconds),
      ]);
      throw new UnauthorizedException(INVALID);
    }
    await this.limiter.reset(accountKey);
    const pair = await this.uow.run(async ({ manager }) => {
      await manager.update(User, { id: user.id }, { lastLoginAt: new Date() });
      return this.tokens.startSession(manager, user, meta);
    });
    return { ...pair, user: mapUser(user) };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.uow.run(({ manager }) => this.tokens.rotate(manager, refreshToken));
    if ('revokedSession' in outcome) {
      this.bus.sessionsRevoked(outcome.revokedSession.userId, [outcome.revokedSession.id]);
      throw new UnauthorizedException('Refresh token reuse detected; the session was ended');
    }
    return outcome.pair;
  }

  /** Ends the session of the given refresh token, and the caller's own session when a valid access token came too. */
  async logout(refreshToken: string, caller: AuthUser | null): Promise<void> {
    const ended = await this.uow.run(async ({ manager }) => {
      const sessions = new Map<string, string>();
      const session = await this.tokens.sessionOf(manager, refreshToken);
      if (session && !session.revokedAt) sessions.set(session.id, session.userId);
      if (caller) sessions.set(caller.sessionId, caller.id);
      for (const id of sessions.keys()) await this.tokens.revokeSession(manager, id, 'logout');
      return sessions;
    });
    if (ended.size === 0) throw new UnauthorizedException('Unknown or ended session');
    for (const [sessionId, userId] of ended) this.bus.sessionsRevoked(userId, [sessionId]);
  }
}
