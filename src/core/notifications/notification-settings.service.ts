import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { UnitOfWork } from '../database/unit-of-work';
import { ChannelChoice, NotificationSettings } from './notification-settings.entity';
import {
  NotificationSettingsDto,
  SETTING_KINDS,
  settingOf,
  UpdateNotificationSettingsDto,
} from './notification-settings.dto';

const ON: ChannelChoice = { inApp: true, email: true };

@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async get(auth: AuthUser): Promise<NotificationSettingsDto> {
    const row = await this.dataSource.manager.findOne(NotificationSettings, { where: { userId: auth.id } });
    return view(row);
  }

  async update(auth: AuthUser, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    return this.uow.run(async ({ manager }) => {
      await manager.query(
        `INSERT INTO notification_settings (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`,
        [auth.id],
      );
      const row = await manager.findOneOrFail(NotificationSettings, {
        where: { userId: auth.id },
        lock: { mode: 'pessimistic_write' },
      });
      for (const kind of SETTING_KINDS) {
        const patch = dto[kind];
        if (!patch) continue;
        const current = row.settings[kind] ?? ON;
        row.settings[kind] = {
          inApp: patch.inApp ?? current.inApp,
          email: patch.email ?? current.email,
        };
      }
      await manager.save(row);
      return view(row);
    });
  }

  /** Which channels `userId` wants for a notification of `kind`. */
  async channelsFor(manager: EntityManager, userId: string, kind: string): Promise<ChannelChoice> {
    const setting = settingOf(kind);
    if (!setting) return ON;
    const [row] = await manager.query<Array<{ choice: ChannelChoice | null }>>(
      `SELECT settings -> $2::text AS choice FROM notification_settings WHERE user_id = $1`,
      [userId, setting],
    );
    return { ...ON, ...(row?.choice ?? {}) };
  }
}

function view(row: NotificationSettings | null): NotificationSettingsDto {
  return Object.fromEntries(
    SETTING_KINDS.map((kind) => [kind, { ...ON, ...(row?.settings[kind] ?? {}) }]),
  ) as unknown as NotificationSettingsDto;
}
