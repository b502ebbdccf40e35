import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Auth, Public } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { LoginResponseDto } from '../auth/auth.dto';
import { AcceptInvitationDto, CreateInvitationDto, InvitationDto } from './invitations.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: InvitationDto })
  create(@Auth() auth: AuthUser, @Body() dto: CreateInvitationDto) {
    return this.invitations.create(auth, dto);
  }

  @Public()
  @Post(':token/accept')
  @HttpCode(200)
  @ApiOkResponse({
    type: LoginResponseDto,
    description: '404 when the invitation is unknown, used or expired',
  })
  accept(@Param('token') token: string, @Body() dto: AcceptInvitationDto, @Req() request: Request) {
    return this.invitations.accept(token, dto, { ip: request.ip, userAgent: request.get('user-agent') });
  }
}
