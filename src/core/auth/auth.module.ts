import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimiter } from '../http/rate-limiter';
import { User } from '../workspace/user.entity';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthSession } from './auth-session.entity';
import { AuthController } from './auth.controller';
import { JwtAuthGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LocalStrategy } from './local.strategy';
import { RefreshToken } from './refresh-token.entity';
import { SessionCache } from './session-cache';
import { TokensService } from './tokens.service';

@Global()
@Module({
  imports: [
    PassportModule,
    JwtModule.register({}),
    TypeOrmModule.forFeature([User, AuthSession, RefreshToken]),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokensService,
    AccessTokenVerifier,
    SessionCache,
    JwtStrategy,
    LocalStrategy,
    RateLimiter,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [TokensService, AccessTokenVerifier, RateLimiter, AuthService],
})
export class AuthModule {}
