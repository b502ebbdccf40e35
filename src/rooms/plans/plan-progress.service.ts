import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { readEach, readTogether } from '../../core/database/read-together';
import { Company } from '../../core/workspace/company.entity';
import { Workspace } from '../../core/workspace/workspace.entity';
import { fiscalMonths, fiscalQuarters } from './fiscal-year';
import { GoalEntry } from './goal-entry.entity';
import { GoalItem } from './goal-item.entity';
import { Plan } from './plan.entity';
import { PlanGoal } from './plan-goal.entity';
import { GoalFacts, planProgress, quarterTargets } from './plan-progress';
import { PlanMetrics } from './plan-metrics';
import { PlanSection } from './plan-section.entity';
import { GoalDto, mapGoal, mapPlan, mapSection, PlanDto } from './plans.view';

interface Loaded {
  sections: PlanSection[];
  goals: PlanGoal[];
  items: GoalItem[];
  entries: GoalEntry[];
  facts: GoalFacts[];
  quarters: Map<string, NonNullable<GoalDto['quarters']>>;
}

/** Computes plan progress from goals and the rooms' data, stores it for the manage table, and builds the view. */
@Injectable()
export class PlanProgressService {
  constructor(private readonly metrics: PlanMetrics) {}

  async load(manager: EntityManager, plan: Plan): Promise<Loaded> {
    const [sections, goals] = await readTogether(manager, [
      () =>
        manager.find(PlanSection, {
          where: { planId: plan.id },
          order: { position: 'ASC', createdAt: 'ASC' },
        }),
      () =>
        manager.find(PlanGoal, { where: { planId: plan.id }, order: { position: 'ASC', createdAt: 'ASC' } }),
    ]);
    const goalIds = goals.map((g) => g.id);
    const [items, entries] = goalIds.length
      ? await readTogether(manager, [
          () =>
            manager.find(GoalItem, {
              where: { goalId: In(goalIds) },
              order: { position: 'ASC', createdAt: 'ASC' },
            }),
          () => manager.find(GoalEntry, { where: { goalId: In(goalIds) }, order: { createdAt: 'ASC' } }),
        ])
      : [[], []];
    const workspace = await manager.findOneByOrFail(Workspace, { id: plan.workspaceId });
    const periods = fiscalQuarters(plan.fiscalYear, workspace.fiscalYearStartMonth);
    const quarters = new Map<string, NonNullable<GoalDto['quarters']>>();
    const facts: GoalFacts[] = [];
    for (const goal of goals) {
      const fact: GoalFacts = {
        id: goal.id,
        sectionId: goal.sectionId,
        type: goal.type,
        weight: goal.weight,
        target: goal.target === null ? null : Number(goal.target),
        baseline: Number(goal.baseline),
        settings: goal.settings,
        finalProgress: goal.finalProgress === null ? null : Number(goal.finalProgress),
      };
      if (goal.type === 'checklist') {
        const own = items.filter((i) => i.goalId === goal.id);
        fact.items = { total: own.length, done: own.filter((i) => i.completedAt).length };
      } else if (goal.type === 'manual') {
        fact.entries = entries.filter((e) => e.goalId === goal.id).map((e) => Number(e.value));
      } else if (goal.settings.metric || goal.type === 'learning_track') {
        const metric = goal.type === 'learning_track' ? 'course_completions' : goal.settings.metric!;
        const query = {
          workspaceId: plan.workspaceId,
          companyId: plan.companyId,
          metric,
          currency: plan.currency.trim(),
          filters: goal.settings.filters,
          trackId: goal.settings.trackId,
          manager,
        };
        const actuals = await readEach(manager, periods, (q) =>
          this.metrics.measure({ ...query, from: q.start, to: q.end }),
        );
        fact.actuals = goal.settings.period === 'quarter' ? actuals : [actuals.reduce((s, v) => s + v, 0)];
        if (fact.target !== null && goal.type !== 'learning_track') {
          const targets = quarterTargets(fact.target, goal.settings.targets);
          quarters.set(
            goal.id,
            periods.map((q, i) => ({ quarter: q.quarter, target: targets[i], actual: actuals[i] })),
          );
        }
      }
      facts.push(fact);
    }
    return { sections, goals, items, entries, facts, quarters };
  }

  /** Stores the figures the manage table sorts and filters on. Call inside the writing transaction. */
  async recompute(manager: EntityManager, plan: Plan): Promise<void> {
    const loaded = await this.load(manager, plan);
    const progress = planProgress(loaded.facts);
    const sectionCompletion: Record<string, number> = {};
    for (const section of loaded.sections)
      sectionCompletion[section.title] = progress.sections[section.id] ?? 0;
    let revenueTarget: number | null = null;
    let revenueActual: number | null = null;
    for (const goal of loaded.goals.filter((g) => g.type === 'revenue' && g.target !== null)) {
      revenueTarget = (revenueTarget ?? 0) + Number(goal.target);
      const fact = loaded.facts.find((f) => f.id === goal.id);
      revenueActual = (revenueActual ?? 0) + (fact?.actuals ?? []).reduce((s, v) => s + v, 0);
    }
    await manager.update(
      Plan,
      { id: plan.id },
      {
        overallCompletion: progress.overallCompletion.toFixed(1),
        sectionCompletion,
        revenueTarget: revenueTarget === null ? null : revenueTarget.toFixed(2),
        revenueActual: revenueActual === null ? null : revenueActual.toFixed(2),
      },
    );
  }

  /** The plan with sections, goals and live progress; partners do not see sections without goals. */
  async view(manager: EntityManager, plan: Plan, partner: boolean, byMonth = false): Promise<PlanDto> {
    const loaded = await this.load(manager, plan);
    const months = byMonth ? await this.months(manager, plan, loaded.goals) : new Map<string, GoalMonths>();
    const progress = planProgress(loaded.facts);
    const company = await manager.findOneByOrFail(Company, { id: plan.companyId });
    const sections = loaded.sections
      .map((section) => {
        const goals = loaded.goals
          .filter((g) => g.sectionId === section.id)
          .map((g) =>
            mapGoal(
              g,
              progress.goals[g.id] ?? 0,
              loaded.items.filter((i) => i.goalId === g.id),
              loaded.entries.filter((e) => e.goalId === g.id),
              loaded.quarters.get(g.id),
              months.get(g.id),
            ),
          );
        return mapSection(section, progress.sections[section.id] ?? 0, goals);
      })
      .filter((section) => !partner || section.goals.length > 0);
    return mapPlan(plan, company.name, company.ownerId, sections, progress.overallCompletion);
  }

  /** Monthly actuals of the automated revenue and kpi goals, for the per-month breakdown. */
  private async months(
    manager: EntityManager,
    plan: Plan,
    goals: PlanGoal[],
  ): Promise<Map<string, GoalMonths>> {
    const workspace = await manager.findOneByOrFail(Workspace, { id: plan.workspaceId });
    const periods = fiscalMonths(plan.fiscalYear, workspace.fiscalYearStartMonth);
    const result = new Map<string, GoalMonths>();
    for (const goal of goals.filter((g) => (g.type === 'revenue' || g.type === 'kpi') && g.settings.metric)) {
      const actuals = await readEach(manager, periods, (p) =>
        this.metrics.measure({
          workspaceId: plan.workspaceId,
          companyId: plan.companyId,
          metric: goal.settings.metric!,
          currency: plan.currency.trim(),
          filters: goal.settings.filters,
          from: p.start,
          to: p.end,
          manager,
        }),
      );
      result.set(
        goal.id,
        periods.map((p, i) => ({ month: p.month, actual: actuals[i] })),
      );
    }
    return result;
  }
}

export type GoalMonths = Array<{ month: string; actual: number }>;
