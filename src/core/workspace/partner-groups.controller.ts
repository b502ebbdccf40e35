import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../http/uuid.pipe';
import { CreatePartnerGroupDto, PartnerGroupDto, UpdatePartnerGroupDto } from './partner-groups.dto';
import { PartnerGroupsService } from './partner-groups.service';

@ApiTags('partner-groups')
@ApiBearerAuth()
@Controller('partner-groups')
export class PartnerGroupsController {
  constructor(private readonly groups: PartnerGroupsService) {}

  @Get()
  @ApiOkResponse({ type: [PartnerGroupDto] })
  list(@Auth() auth: AuthUser) {
    return this.groups.list(auth);
  }

  @Post()
  @ApiCreatedResponse({ type: PartnerGroupDto })
  create(@Auth() auth: AuthUser, @Body() dto: CreatePartnerGroupDto) {
    return this.groups.create(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: PartnerGroupDto })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.groups.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: PartnerGroupDto })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdatePartnerGroupDto) {
    return this.groups.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.groups.remove(auth, id);
  }
}
