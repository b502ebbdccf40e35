import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';

export interface CollabDocAccess {
  workspaceId: string;
  companyId: string;
  roomId: string | null;
  canWrite: boolean;
}

/** Resolves `<prefix>:<id>` to the resource it edits, applying that resource's own access rule. */
export interface CollabDocResolver {
  prefix: string;
  /** null when the caller may not read it or it does not exist (both read as 404). */
  resolve(auth: AuthUser, id: string): Promise<CollabDocAccess | null>;
}

const DOC_NAME = /^([a-z][a-z0-9_-]{0,31}):([A-Za-z0-9_.:-]{1,200})$/;

/** The registry of document kinds; rooms register theirs in onModuleInit. */
@Injectable()
export class CollabDocuments {
  private readonly resolvers = new Map<string, CollabDocResolver>();

  register(resolver: CollabDocResolver): void {
    if (this.resolvers.has(resolver.prefix)) {
      throw new Error(`collab document prefix "${resolver.prefix}" is already registered`);
    }
    this.resolvers.set(resolver.prefix, resolver);
  }

  static isValidName(docName: string): boolean {
    return DOC_NAME.test(docName);
  }

  async resolve(auth: AuthUser, docName: string): Promise<CollabDocAccess | null> {
    const match = DOC_NAME.exec(docName);
    if (!match) return null;
    const resolver = this.resolvers.get(match[1]);
    if (!resolver) return null;
    const access = await resolver.resolve(auth, match[2]);
    if (!access || access.workspaceId !== auth.workspaceId) return null;
    return access;
  }
}
