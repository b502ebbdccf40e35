import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { OverviewDto } from './overview.dto';
import { OverviewService } from './overview.service';

@ApiTags('overview')
@ApiBearerAuth()
@Controller('companies/:id/overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get()
  @ApiOkResponse({
    type: OverviewDto,
    description: 'Figures, plan gauges, due tasks, activity since the previous visit (marker moves on)',
  })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.overview.get(auth, id);
  }
}
