import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { WorkspaceService } from './workspace.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly workspace: WorkspaceService) {}

  @Get()
  @ApiOkResponse({ description: 'The user, workspace, company, role and the rooms they can enter' })
  me(@Auth() auth: AuthUser) {
    return this.workspace.me(auth);
  }
}
