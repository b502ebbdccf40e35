import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isVendorRole } from '../../core/access/roles';
import { AuthUser } from '../../core/auth/auth-user';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException, ConflictError } from '../../core/http/errors';
import { decodeCursor, Page, PageQueryDto, pageLimit, toPage } from '../../core/http/pagination';
import { Attachments } from '../../core/storage/attachments';
import { ProjectAccess } from './project-access';
import { ProjectDeliverable, Side } from './project-deliverable.entity';
import { ProjectUpdate } from './project-update.entity';
import {
  CreateDeliverableDto,
  CreateProjectUpdateDto,
  DeliverableDto,
  mapDeliverable,
  mapProjectUpdate,
  ProjectUpdateDto,
  ReviewDeliverableDto,
} from './projects.dto';
import { ProjectsService } from './projects.service';

function sideOf(auth: AuthUser): Side {
  return isVendorRole(auth.role) ? 'vendor' : 'partner';
}

/** Progress posts and deliverables under review. */
@Injectable()
export class ProjectWorkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectAccess,
    private readonly projectService: ProjectsService,
    private readonly attachments: Attachments,
  ) {}

  async updates(auth: AuthUser, projectId: string, query: PageQueryDto): Promise<Page<ProjectUpdateDto>> {
    await this.projects.require(auth, projectId, 'read');
    const limit = pageLimit(query);
    const qb = this.dataSource.manager
      .createQueryBuilder(ProjectUpdate, 'u')
      .where('u.projectId = :projectId', { projectId })
      .orderBy('u.createdAt', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .take(limit + 1);
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) qb.andWhere('(u.createdAt, u.id) < (:at, :id)', { at: cursor[0], id: cursor[1] });
    const rows = await qb.getMany();
    return toPage(rows, limit, (u) => [u.createdAt.toISOString(), u.id], mapProjectUpdate);
  }

  async postUpdate(
    auth: AuthUser,
    projectId: string,
    dto: CreateProjectUpdateDto,
  ): Promise<ProjectUpdateDto> {
    const { project } = await this.projects.require(auth, projectId, 'work');
    const attachments = await this.attachments.resolve(auth, project.companyId, [
      ...new Set(dto.attachmentIds ?? []),
    ]);
    return this.uow.run(async (tx) => {
      const ctx = await this.projects.require(auth, projectId, 'work', tx.manager);
      const update = await tx.manager.save(
        tx.manager.create(ProjectUpdate, { projectId, authorId: auth.id, body: dto.body, attachments }),
      );
      await this.projectService.record(
        tx,
        auth,
        ctx,
        'project.update_posted',
        `${auth.name} posted an update on ${ctx.project.name}`,
        { updateId: update.id },
        'project_update',
        update.id,
      );
      return mapProjectUpdate(update);
    });
  }

  async deliverables(auth: AuthUser, projectId: string): Promise<DeliverableDto[]> {
    await this.projects.require(auth, projectId, 'read');
    const rows = await this.dataSource.manager.find(ProjectDeliverable, {
      where: { projectId },
      order: { createdAt: 'ASC' },
    });
    return rows.map(mapDeliverable);
  }

  async submit(auth: AuthUser, projectId: string, dto: CreateDeliverableDto): Promise<DeliverableDto> {
    const { project } = await this.projects.require(auth, projectId, 'work');
    const [file] = await this.attachments.resolve(auth, project.companyId, [dto.fileId]);
    return this.uow.run(async (tx) => {
      const ctx = await this.projects.require(auth, projectId, 'work', tx.manager);
      const deliverable = await tx.manager.save(
        tx.manager.create(ProjectDeliverable, {
          projectId,
          title: dto.title ?? file.name,
          fileId: file.id,
          versionId: file.versionId,
          fileName: file.name,
          status: 'submitted',
          submittedById: auth.id,
          submittedSide: sideOf(auth),
          submittedAt: new Date(),
        }),
      );
      await this.projectService.record(
        tx,
        auth,
        ctx,
        'deliverable.submitted',
        `${auth.name} submitted ${deliverable.title} for review`,
        { deliverableId: deliverable.id, fileId: file.id, versionId: file.versionId },
        'deliverable',
        deliverable.id,
      );
      return mapDeliverable(deliverable);
    });
  }

  /** Approves or sends back a submitted deliverable; only someone from the other side may. */
  async review(
    auth: AuthUser,
    projectId: string,
    deliverableId: string,
    dto: ReviewDeliverableDto,
  ): Promise<DeliverableDto> {
    const comment = (dto.comment ?? '').trim();
    if (dto.status === 'changes_requested' && !comment) {
      throw new BadInputException('Say what should change', [
        { field: 'comment', problem: 'is required when requesting changes' },
      ]);
    }
    return this.uow.run(async (tx) => {
      const ctx = await this.projects.require(auth, projectId, 'work', tx.manager);
      const deliverable = await tx.manager.findOne(ProjectDeliverable, {
        where: { id: deliverableId, projectId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!deliverable) throw new NotFoundException('Deliverable not found');
      if (deliverable.submittedSide === sideOf(auth)) {
        throw new ForbiddenException('A deliverable is reviewed by the other side of the partnership');
      }
      if (deliverable.status !== 'submitted') {
        throw new ConflictError(`The deliverable is already ${deliverable.status}`);
      }
      deliverable.status = dto.status;
      deliverable.reviewComment = comment;
      deliverable.reviewedById = auth.id;
      deliverable.reviewedAt = new Date();
      await tx.manager.save(deliverable);
      await this.projectService.record(
        tx,
        auth,
        ctx,
        `deliverable.${dto.status}`,
        `${auth.name} ${dto.status === 'approved' ? 'approved' : 'asked for changes to'} ${deliverable.title}`,
        { deliverableId, comment },
        'deliverable',
        deliverableId,
      );
      return mapDeliverable(deliverable);
    });
  }

  /** Submits the file's current version again after changes were requested. */
  async resubmit(auth: AuthUser, projectId: string, deliverableId: string): Promise<DeliverableDto> {
    const { project } = await this.projects.require(auth, projectId, 'work');
    const existing = await this.dataSource.manager.findOne(ProjectDeliverable, {
      where: { id: deliverableId, projectId },
    });
    if (!existing) throw new NotFoundException('Deliverable not found');
    const [file] = await this.attachments.resolve(auth, project.companyId, [existing.fileId]);
    return this.uow.run(async (tx) => {
      const ctx = await this.projects.require(auth, projectId, 'work', tx.manager);
      const deliverable = await tx.manager.findOneOrFail(ProjectDeliverable, {
        where: { id: deliverableId, projectId },
        lock: { mode: 'pessimistic_write' },
      });
      if (deliverable.status !== 'changes_requested') {
        throw new ConflictError('Only a deliverable sent back for changes can be resubmitted');
      }
      if (deliverable.submittedSide !== sideOf(auth)) {
        throw new ForbiddenException('The submitting side resubmits its deliverable');
      }
      Object.assign(deliverable, {
        status: 'submitted',
        versionId: file.versionId,
        fileName: file.name,
        submittedById: auth.id,
        submittedAt: new Date(),
        reviewedById: null,
        reviewedAt: null,
      });
      await tx.manager.save(deliverable);
      await this.projectService.record(
        tx,
        auth,
        ctx,
        'deliverable.submitted',
        `${auth.name} resubmitted ${deliverable.title}`,
        { deliverableId, versionId: file.versionId },
        'deliverable',
        deliverableId,
      );
      return mapDeliverable(deliverable);
    });
  }
}
