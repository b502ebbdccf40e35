import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AccessTokenVerifier } from './access-token.verifier';
import { Public } from './auth.decorators';
import { LoginDto, LoginResponseDto, RefreshDto, TokensDto } from './auth.dto';
import { LocalAuthGuard } from './auth.guards';
import { AuthService, LoginResult } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @HttpCode(200)
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({
    type: LoginResponseDto,
    description: '401 for a wrong email or password alike; 429 with Retry-After when throttled',
  })
  login(@Req() request: Request & { user: LoginResult }): LoginResult {
    return request.user;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({
    type: TokensDto,
    description: 'Rotates the refresh token; reusing an old one ends the session',
  })
  refresh(@Body() dto: RefreshDto) {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(@Body() dto: RefreshDto, @Req() request: Request): Promise<void> {
    const header = request.get('authorization');
    const caller = header?.startsWith('Bearer ')
      ? await this.verifier.verify(header.slice(7)).catch(() => null)
      : null;
    await this.auth.logout(dto.refreshToken, caller);
  }
}
