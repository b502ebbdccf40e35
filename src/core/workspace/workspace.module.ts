import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompaniesController } from './companies.controller';
import { CompaniesService } from './companies.service';
import { Company } from './company.entity';
import { Invitation } from './invitation.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MeController } from './me.controller';
import { CompanyGroup, PartnerGroup } from './partner-group.entity';
import { PartnerGroupsController } from './partner-groups.controller';
import { PartnerGroupsService } from './partner-groups.service';
import { Room } from './room.entity';
import { RoomsService } from './rooms.service';
import { SetupController } from './setup.controller';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { UserAccess } from './user-access';
import { Workspace } from './workspace.entity';
import { WorkspaceService } from './workspace.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Workspace, Company, PartnerGroup, CompanyGroup, User, Invitation, Room]),
  ],
  controllers: [
    SetupController,
    MeController,
    CompaniesController,
    PartnerGroupsController,
    UsersController,
    InvitationsController,
  ],
  providers: [
    UserAccess,
    WorkspaceService,
    CompaniesService,
    PartnerGroupsService,
    UsersService,
    InvitationsService,
    RoomsService,
  ],
  exports: [WorkspaceService, CompaniesService, UsersService, RoomsService],
})
export class WorkspaceModule {}
