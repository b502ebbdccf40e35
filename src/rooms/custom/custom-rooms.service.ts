import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { Permission } from '../../core/access/permission';
import { AuthUser } from '../../core/auth/auth-user';
import { PartnerGroup } from '../../core/workspace/partner-group.entity';
import { RoomDto } from '../../core/workspace/rooms.dto';
import { RoomsService } from '../../core/workspace/rooms.service';

/** Custom rooms for a whole partner group: the company-level room, once per member company. */
@Injectable()
export class CustomRoomsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly rooms: RoomsService,
  ) {}

  async createForGroup(
    auth: AuthUser,
    groupId: string,
    dto: { name: string; description?: string },
  ): Promise<RoomDto[]> {
    this.access.requireRole(auth, Permission.PartnerGroupWrite);
    const group = await this.dataSource.manager.findOne(PartnerGroup, {
      where: { id: groupId, workspaceId: auth.workspaceId },
    });
    if (!group) throw new NotFoundException('Partner group not found');
    const companies = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT c.id FROM company_groups cg JOIN companies c ON c.id = cg.company_id AND c.deleted_at IS NULL
        WHERE cg.group_id = $1 ORDER BY c.name, c.id`,
      [groupId],
    );
    const created: RoomDto[] = [];
    // Each company's room goes through the one path that also gives it its folder and activity entry.
    for (const company of companies) {
      created.push(
        await this.rooms.createCustom(auth, company.id, {
          kind: 'custom',
          name: dto.name,
          description: dto.description,
        }),
      );
    }
    return created;
  }
}
