import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { AssignContactDto, ContactDto, UpdateProfileDto } from './contacts.dto';
import { ContactsService } from './contacts.service';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('companies/:id/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOkResponse({ type: [ContactDto], description: 'Vendor side first, then the partner company' })
  list(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.contacts.list(auth, id);
  }

  @Post('assignments')
  @ApiCreatedResponse({ type: [ContactDto], description: 'Admin: assigns vendor staff with a role' })
  assign(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: AssignContactDto) {
    return this.contacts.assign(auth, id, dto);
  }

  @Delete('assignments/:userId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async unassign(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('userId', UuidPipe) userId: string,
  ): Promise<void> {
    await this.contacts.unassign(auth, id, userId);
  }

  @Get(':userId/vcard')
  @ApiProduces('text/vcard')
  @ApiOkResponse({ description: 'The contact as a vCard 4.0' })
  async vcard(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('userId', UuidPipe) userId: string,
    @Res() response: Response,
  ): Promise<void> {
    const card = await this.contacts.vcard(auth, id, userId);
    const filename = card.name.replace(/[^A-Za-z0-9 ._-]/g, '_').slice(0, 80) || 'contact';
    response.setHeader('Content-Type', 'text/vcard; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${filename}.vcf"`);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.send(card.body);
  }
}

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('me/profile')
export class ProfileController {
  constructor(private readonly contacts: ContactsService) {}

  @Patch()
  @ApiOkResponse({ type: ContactDto })
  update(@Auth() auth: AuthUser, @Body() dto: UpdateProfileDto) {
    return this.contacts.updateProfile(auth, dto);
  }
}
