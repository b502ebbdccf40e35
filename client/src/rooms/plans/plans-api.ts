/** Shapes of the plans room's routes beyond the plan itself (versions, reviews, goal discussions). */

export interface PlanVersion {
  id: string;
  name: string;
  createdBy: string | null;
  createdAt: string;
  goals: number;
}

export interface GoalChange {
  id: string;
  title: string;
  change: 'added' | 'removed' | 'changed';
  fields: Array<{ field: string; before: unknown; after: unknown }>;
}

export interface SectionTextChange {
  sectionId: string;
  title: string;
  before: string;
  after: string;
}

export interface VersionDiff {
  from: PlanVersion;
  to: PlanVersion;
  goals: GoalChange[];
  sections: SectionTextChange[];
}

export interface ScorecardLine {
  goalId: string;
  sectionTitle: string;
  title: string;
  type: string;
  weight: number;
  target: string | null;
  progress: number;
}

export interface PlanReview {
  id: string;
  quarter: number;
  heldOn: string;
  attendeeIds: string[];
  scorecard: { overallCompletion: number; goals: ScorecardLine[] };
  document: string;
  actions: Array<{
    id: string;
    text: string;
    ownerId: string | null;
    done: boolean;
    carriedFromId: string | null;
  }>;
  createdAt: string;
}

export interface DiscussionMessage {
  id: string;
  planId: string;
  goalId: string;
  conversationId: string;
  authorId: string;
  body: string;
  mentions: string[];
  replyCount: number;
  editedAt: string | null;
  createdAt: string;
}

export interface QuarterFigure {
  quarter: number;
  target: number;
  actual: number;
}

/** Revenue and kpi goals carry their quarter targets and actuals. */
export type GoalQuarters = Array<QuarterFigure> | undefined;

export const plansApi = {
  versions: (planId: string) => `/plans/${planId}/versions`,
  diff: (planId: string, from: string, to: string) =>
    `/plans/${planId}/versions/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  restore: (planId: string, versionId: string) => `/plans/${planId}/versions/${versionId}/restore`,
  reviews: (planId: string) => `/plans/${planId}/reviews`,
  reconcile: (planId: string) => `/plans/${planId}/reconcile`,
  discussion: (planId: string, goalId: string) => `/plans/${planId}/goals/${goalId}/discussion`,
  contacts: (companyId: string) => `/companies/${companyId}/contacts`,
};
