import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, ValidateNested } from 'class-validator';
import { Optional } from '../http/validators';

/** The kinds a user can switch, and which notification kinds each covers. */
export const SETTING_KINDS = [
  'mentions',
  'directMessages',
  'planShared',
  'leadStatus',
  'dealWon',
  'taskAssigned',
  'announcements',
  'monthlyPlanProgress',
] as const;
export type SettingKind = (typeof SETTING_KINDS)[number];

/** The setting that governs a notification kind, or null for kinds that cannot be switched off. */
export function settingOf(kind: string): SettingKind | null {
  if (kind === 'mention' || kind.endsWith('.mentioned') || kind === 'message.mention') return 'mentions';
  if (kind === 'message.direct' || kind === 'message.dm') return 'directMessages';
  if (kind === 'plan.shared') return 'planShared';
  if (kind.startsWith('lead.')) return 'leadStatus';
  if (kind === 'deal.won') return 'dealWon';
  if (kind.startsWith('task.')) return 'taskAssigned';
  if (kind.startsWith('announcement')) return 'announcements';
  if (kind === 'plan.monthly_progress') return 'monthlyPlanProgress';
  return null;
}

export class ChannelChoiceDto {
  @ApiProperty() inApp!: boolean;
  @ApiProperty() email!: boolean;
}

export class ChannelPatchDto {
  @ApiPropertyOptional() @Optional() @IsBoolean() inApp?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() email?: boolean;
}

function channel() {
  return (target: object, key: string) => {
    ApiPropertyOptional({ type: ChannelPatchDto })(target, key);
    Optional()(target, key);
    IsObject()(target, key);
    ValidateNested()(target, key);
    Type(() => ChannelPatchDto)(target, key);
  };
}

export class UpdateNotificationSettingsDto {
  @channel() mentions?: ChannelPatchDto;
  @channel() directMessages?: ChannelPatchDto;
  @channel() planShared?: ChannelPatchDto;
  @channel() leadStatus?: ChannelPatchDto;
  @channel() dealWon?: ChannelPatchDto;
  @channel() taskAssigned?: ChannelPatchDto;
  @channel() announcements?: ChannelPatchDto;
  @channel() monthlyPlanProgress?: ChannelPatchDto;
}

export class NotificationSettingsDto {
  @ApiProperty({ type: ChannelChoiceDto }) mentions!: ChannelChoiceDto;
  @ApiProperty({ type: ChannelChoiceDto }) directMessages!: ChannelChoiceDto;
  @ApiProperty({ type: ChannelChoiceDto }) planShared!: ChannelChoiceDto;
  @ApiProperty({ type: ChannelChoiceDto }) leadStatus!: ChannelChoiceDto;
  @ApiProperty({ type: ChannelChoiceDto }) dealWon!: ChannelChoiceDto;
  @ApiProperty({ type: ChannelChoiceDto }) taskAssigned!: ChannelChoiceDto;
  @ApiProperty({ type: ChannelChoiceDto }) announcements!: ChannelChoiceDto;
  @ApiProperty({ type: ChannelChoiceDto }) monthlyPlanProgress!: ChannelChoiceDto;
}
