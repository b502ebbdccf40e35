import { BadRequestException, Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';

export interface AttachmentSummary {
  /** The shared file's id. */
  id: string;
  /** The version attached (the current one at the time of attaching). */
  versionId: string;
  name: string;
  size: number;
  contentType: string;
}

/**
 * The files room answers for attachments: whether the caller may attach these files in this company, and
 * what they are. Other rooms (messages, project updates, announcements) ask through `Attachments`.
 */
export interface AttachmentResolver {
  /** Summaries in the order asked; throws a 400 naming the field when any id is unknown or not allowed. */
  resolve(auth: AuthUser, companyId: string, fileIds: string[]): Promise<AttachmentSummary[]>;
}

@Injectable()
export class Attachments {
  private resolver: AttachmentResolver | null = null;

  register(resolver: AttachmentResolver): void {
    this.resolver = resolver;
  }

  async resolve(auth: AuthUser, companyId: string, fileIds: string[]): Promise<AttachmentSummary[]> {
    if (fileIds.length === 0) return [];
    if (!this.resolver) throw new BadRequestException('Attachments are not available on this server');
    return this.resolver.resolve(auth, companyId, fileIds);
  }
}
