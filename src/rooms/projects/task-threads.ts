import { Injectable, OnModuleInit } from '@nestjs/common';
import { projectPolicy } from '../../core/access/policies/project.policy';
import { roomEntryPolicy } from '../../core/access/policies/room.policy';
import { PARTNER_ROLES, VENDOR_ROLES } from '../../core/access/roles';
import { EntityThreads, ViewerSql } from '../messages/entity-threads';

export const TASK_THREAD = 'project_task';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
const VENDOR_READERS = list(VENDOR_ROLES);
const PARTNER_READERS = list(
  PARTNER_ROLES.filter(
    (role) => projectPolicy.read.includes(role) && roomEntryPolicy.projects.includes(role),
  ),
);

/**
 * ProjectAccess 'read' in SQL, for a task of the project: vendor staff read every project; partner users
 * their company's while its projects room is enabled.
 */
export function projectTaskReadable(taskId: string, viewer: ViewerSql): string {
  return `EXISTS (SELECT 1 FROM project_tasks t JOIN projects p ON p.id = t.project_id
     WHERE t.id = ${taskId} AND (
       ${viewer.role} IN (${VENDOR_READERS})
       OR (p.company_id = ${viewer.companyId}
           AND ${viewer.role} IN (${PARTNER_READERS})
           AND EXISTS (SELECT 1 FROM rooms r WHERE r.company_id = p.company_id AND r.kind = 'projects' AND r.enabled))))`;
}

/** A thread attached to a project task is read by exactly the people who may read the project. */
@Injectable()
export class TaskThreads implements OnModuleInit {
  constructor(private readonly threads: EntityThreads) {}

  onModuleInit(): void {
    this.threads.register(TASK_THREAD, { readable: projectTaskReadable });
  }
}
