import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../http/uuid.pipe';
import { CompaniesService } from './companies.service';
import {
  CompanyDto,
  CompanyPageDto,
  CompanyQueryDto,
  CreateCompanyDto,
  UpdateCompanyDto,
} from './companies.dto';
import { CreateRoomDto, RoomDto, UpdateRoomDto } from './rooms.dto';
import { RoomsService } from './rooms.service';

@ApiTags('companies')
@ApiBearerAuth()
@Controller('companies')
export class CompaniesController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly rooms: RoomsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: CompanyPageDto })
  list(
    @Auth() auth: AuthUser,
    @Query() query: CompanyQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    // The service answers with the page's JSON text (served from its directory cache when unchanged).
    response.type('application/json');
    return this.companies.listJson(auth, query);
  }

  @Post()
  @ApiCreatedResponse({ type: CompanyDto })
  create(@Auth() auth: AuthUser, @Body() dto: CreateCompanyDto) {
    return this.companies.create(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: CompanyDto })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.companies.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CompanyDto })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateCompanyDto) {
    return this.companies.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.companies.remove(auth, id);
  }

  @Get(':id/rooms')
  @ApiOkResponse({
    type: [RoomDto],
    description: 'Rooms the caller may enter (admins also see disabled ones)',
  })
  listRooms(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.rooms.list(auth, id);
  }

  @Post(':id/rooms')
  @ApiCreatedResponse({ type: RoomDto })
  createRoom(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateRoomDto) {
    return this.rooms.createCustom(auth, id, dto);
  }

  @Patch(':id/rooms/:roomId')
  @ApiOkResponse({ type: RoomDto, description: 'Enable or disable, rename, reorder' })
  updateRoom(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('roomId', UuidPipe) roomId: string,
    @Body() dto: UpdateRoomDto,
  ) {
    return this.rooms.update(auth, id, roomId, dto);
  }
}
