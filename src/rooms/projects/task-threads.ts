import { Injectable, OnModuleInit } from '@nestjs/common';
import { projectPolicy } from '../../core/access/policies/project.policy';
import { roomEntryPolicy } from '../../core/access/policies/room.policy';
import { EntityThreads, policyRoles, roomOpen, ViewerSql } from '../messages/entity-threads';

export const TASK_THREAD = 'project_task';

const READERS = policyRoles(
  projectPolicy.read.filter((relation) => roomEntryPolicy.projects.includes(relation)),
);

/**
 * ProjectAccess 'read' in SQL, for a task of the project: vendor staff read every project; partner users
 * their company's while its projects room is enabled.
 */
export function projectTaskReadable(taskId: string, viewer: ViewerSql): string {
  return `EXISTS (SELECT 1 FROM project_tasks t JOIN projects p ON p.id = t.project_id
     WHERE t.id = ${taskId} AND (
       ${viewer.role} IN (${READERS.vendor})
       OR (p.company_id = ${viewer.companyId}
           AND ${viewer.role} IN (${READERS.partner})
           AND ${roomOpen('p.company_id', 'projects')})))`;
}

/** A thread attached to a project task is read by exactly the people who may read the project. */
@Injectable()
export class TaskThreads implements OnModuleInit {
  constructor(private readonly threads: EntityThreads) {}

  onModuleInit(): void {
    this.threads.register(TASK_THREAD, { readable: projectTaskReadable });
  }
}
