import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators';
import { SetupDto, SetupResponseDto } from './setup.dto';
import { WorkspaceService } from './workspace.service';

@ApiTags('setup')
@Controller('setup')
export class SetupController {
  constructor(private readonly workspace: WorkspaceService) {}

  @Public()
  @Get()
  @ApiOkResponse({
    description: 'Whether first-run setup is still possible',
    schema: { example: { needsSetup: true } },
  })
  async status() {
    return { needsSetup: !(await this.workspace.isSetUp()) };
  }

  @Public()
  @Post()
  @ApiCreatedResponse({ type: SetupResponseDto, description: '409 once the server has a workspace' })
  setup(@Body() dto: SetupDto, @Req() request: Request) {
    return this.workspace.setup(dto, { ip: request.ip, userAgent: request.get('user-agent') });
  }
}
