import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../http/uuid.pipe';
import { CreateUserDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  list(@Auth() auth: AuthUser, @Query() query: UserQueryDto) {
    return this.users.list(auth, query);
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto, description: 'Without a password the user is invited by email' })
  create(@Auth() auth: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(auth, dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(auth, id, dto);
  }
}
