import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { GoalMetric } from './plan-goal.entity';

export interface MetricQuery {
  workspaceId: string;
  companyId: string;
  metric: GoalMetric;
  /** Inclusive ISO dates. */
  from: string;
  to: string;
  /** Money metrics are converted into this currency. */
  currency: string;
  filters?: { status?: string[]; products?: string[] };
  trackId?: string;
  /** The caller's transaction when measuring inside one: embedded Postgres has a single connection. */
  manager?: EntityManager;
}

/** A room that can measure some metrics (the leads and deals rooms, the resources room) registers one. */
export interface PlanMetricsSource {
  readonly metrics: readonly GoalMetric[];
  measure(query: MetricQuery): Promise<number>;
}

/** Where automated goals get their actual figures; rooms plug their sources in at module init. */
@Injectable()
export class PlanMetrics {
  private readonly sources = new Map<GoalMetric, PlanMetricsSource>();

  register(source: PlanMetricsSource): void {
    for (const metric of source.metrics) this.sources.set(metric, source);
  }

  /** The measured value, or 0 while no room measures this metric yet. */
  async measure(query: MetricQuery): Promise<number> {
    const source = this.sources.get(query.metric);
    return source ? source.measure(query) : 0;
  }

  has(metric: GoalMetric): boolean {
    return this.sources.has(metric);
  }
}
