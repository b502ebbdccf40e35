import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { IsName } from '../../core/http/validators';
import { PlanVersionsService } from './plan-versions.service';

export class CreateVersionDto {
  @ApiProperty({ example: 'Before QBR 2' }) @IsName(200) name!: string;
}

export class DiffQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() from!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() to!: string;
}

export class PlanVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'Number of goals in the version' }) goals!: number;
}

/** Named versions of a plan (narrative and goals), their diff, and restoring the narrative as a new change. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans/:id/versions')
export class PlanVersionsController {
  constructor(private readonly versions: PlanVersionsService) {}

  @Get()
  @ApiOkResponse({ type: [PlanVersionDto] })
  list(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.versions.list(auth, id);
  }

  @Post()
  @ApiCreatedResponse({ type: PlanVersionDto })
  create(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateVersionDto) {
    return this.versions.create(auth, id, dto.name);
  }

  @Get('diff')
  @ApiOkResponse({
    description: 'Which goals and targets changed, and which sections’ text, between two versions',
  })
  diff(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: DiffQueryDto) {
    return this.versions.diff(auth, id, query.from, query.to);
  }

  @Post(':vid/restore')
  @HttpCode(204)
  async restore(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('vid', UuidPipe) vid: string,
  ): Promise<void> {
    await this.versions.restore(auth, id, vid);
  }
}
