import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { CollabVersionsService } from '../../core/collab/collab-versions.service';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { IsName } from '../../core/http/validators';
import { PlanAccess } from './plan-access';

export class CreateVersionDto {
  @ApiProperty({ example: 'Before QBR 2' }) @IsName(200) name!: string;
}

export class PlanVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

function mapVersion(v: {
  id: string;
  name: string;
  createdBy: string | null;
  createdAt: Date;
}): PlanVersionDto {
  return { id: v.id, name: v.name, createdBy: v.createdBy, createdAt: v.createdAt.toISOString() };
}

/** Named snapshots of the plan narrative (`plan:<id>`); restoring applies the old text as a new change. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans/:id/versions')
export class PlanVersionsController {
  constructor(
    private readonly plans: PlanAccess,
    private readonly versions: CollabVersionsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [PlanVersionDto] })
  async list(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    await this.plans.require(auth, id, 'read');
    return (await this.versions.listVersions(`plan:${id}`)).map(mapVersion);
  }

  @Post()
  @ApiCreatedResponse({ type: PlanVersionDto })
  async create(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateVersionDto) {
    await this.plans.require(auth, id, 'edit');
    return mapVersion(await this.versions.createVersion(`plan:${id}`, dto.name, auth.id));
  }

  @Post(':vid/restore')
  @HttpCode(204)
  async restore(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('vid', UuidPipe) vid: string,
  ): Promise<void> {
    await this.plans.require(auth, id, 'edit');
    await this.versions.restoreVersion(`plan:${id}`, vid);
  }
}
