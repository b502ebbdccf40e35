import { randomUUID } from 'node:crypto';
import { Api } from '../support/api';
import { describeBadInput, WriteRoute } from '../support/bad-input';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { planIn, THIS_YEAR } from './plans-helpers';

interface Ctx {
  world: World;
  planId: string;
  sectionId: string;
  checklistId: string;
  itemId: string;
  manualId: string;
  taskId: string;
  accountId: string;
  reviewId: string;
  actionId: string;
  templateId: string;
  versionId: string;
}

const id = (ctx: Ctx) => ctx.planId;

/** Every plans room write route: malformed JSON, wrong types, unknown fields, 1 MB strings, non-UUID ids. */
const ROUTES: WriteRoute<Ctx>[] = [
  {
    route: 'POST /plans',
    method: 'POST',
    path: () => '/plans',
    valid: (c) => ({ companyId: c.world.companyB, name: 'Plan', fiscalYear: THIS_YEAR + 20 }),
    wrongTypes: [
      ['name', 5],
      ['fiscalYear', '2027'],
      ['fiscalYear', 1999],
      ['allowDuplicate', 'yes'],
      ['name', null],
    ],
    text: 'name',
    uuidFields: ['companyId', 'templateId'],
  },
  {
    route: 'PATCH /plans/:id',
    method: 'PATCH',
    path: (c) => `/plans/${id(c)}`,
    valid: () => ({ name: 'Renamed' }),
    wrongTypes: [
      ['name', null],
      ['fiscalYear', 'next'],
      ['description', 7],
    ],
    text: 'description',
    pathIds: { id: (_, bad) => `/plans/${bad}` },
  },
  {
    route: 'POST /plans/:id/transitions',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/transitions`,
    valid: () => ({ to: 'draft' }),
    wrongTypes: [
      ['to', 'sideways'],
      ['to', null],
    ],
    text: 'to',
    pathIds: { id: (_, bad) => `/plans/${bad}/transitions` },
  },
  {
    route: 'POST /plans/:id/sections',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/sections`,
    valid: () => ({ kind: 'custom', title: 'Alliances' }),
    wrongTypes: [
      ['kind', 'other'],
      ['position', -1],
      ['title', null],
    ],
    text: 'title',
    pathIds: { id: (_, bad) => `/plans/${bad}/sections` },
  },
  {
    route: 'PATCH /plans/:id/sections/:sid',
    method: 'PATCH',
    path: (c) => `/plans/${id(c)}/sections/${c.sectionId}`,
    valid: () => ({ title: 'Go to market' }),
    wrongTypes: [['position', 'first']],
    text: 'title',
    pathIds: { sid: (c, bad) => `/plans/${id(c)}/sections/${bad}` },
  },
  {
    route: 'POST /plans/:id/goals',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/goals`,
    valid: (c) => ({ sectionId: c.sectionId, type: 'manual', title: 'Seats', target: '10' }),
    wrongTypes: [
      ['weight', 0],
      ['weight', '3'],
      ['target', 10],
      ['dueDate', 'tomorrow'],
      ['items', 'a'],
      ['targets', [1, 2]],
    ],
    text: 'description',
    uuidFields: ['sectionId', 'trackId'],
  },
  {
    route: 'PATCH /plans/:id/goals/:gid',
    method: 'PATCH',
    path: (c) => `/plans/${id(c)}/goals/${c.manualId}`,
    valid: () => ({ weight: 3 }),
    wrongTypes: [
      ['weight', 101],
      ['baseline', 'x'],
      ['title', null],
    ],
    text: 'title',
    uuidFields: ['sectionId'],
    pathIds: { gid: (c, bad) => `/plans/${id(c)}/goals/${bad}` },
  },
  {
    route: 'POST /plans/:id/goals/:gid/items',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/goals/${c.checklistId}/items`,
    valid: () => ({ text: 'Another step' }),
    wrongTypes: [['text', 3]],
    pathIds: { gid: (c, bad) => `/plans/${id(c)}/goals/${bad}/items` },
  },
  {
    route: 'POST /plans/:id/goals/:gid/items/:iid/complete',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/goals/${c.checklistId}/items/${c.itemId}/complete`,
    pathIds: { iid: (c, bad) => `/plans/${id(c)}/goals/${c.checklistId}/items/${bad}/complete` },
  },
  {
    route: 'POST /plans/:id/goals/:gid/entries',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/goals/${c.manualId}/entries`,
    valid: () => ({ value: '2', note: 'first cohort' }),
    wrongTypes: [
      ['value', 2],
      ['value', '2.345'],
      ['period', 9],
    ],
    text: 'note',
    pathIds: { gid: (c, bad) => `/plans/${id(c)}/goals/${bad}/entries` },
  },
  {
    route: 'POST /plans/:id/goals/:goalId/discussion',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/goals/${c.manualId}/discussion`,
    valid: (c) => ({ body: 'Are we on track?', mentions: [c.world.a.partner_executive.id] }),
    wrongTypes: [
      ['body', 5],
      ['body', null],
      ['body', '   '],
      ['mentions', 'everyone'],
      ['mentions', [randomUUID()]],
      ['mentions', Array.from({ length: 51 }, () => randomUUID())],
    ],
    text: 'body',
    pathIds: {
      id: (c, bad) => `/plans/${bad}/goals/${c.manualId}/discussion`,
      goalId: (c, bad) => `/plans/${id(c)}/goals/${bad}/discussion`,
    },
  },
  {
    route: 'POST /plans/:id/tasks',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/tasks`,
    valid: () => ({ title: 'Book the workshop' }),
    wrongTypes: [
      ['dueDate', '31/12'],
      ['title', null],
    ],
    text: 'description',
    uuidFields: ['assigneeId'],
  },
  {
    route: 'PATCH /plans/:id/tasks/:tid',
    method: 'PATCH',
    path: (c) => `/plans/${id(c)}/tasks/${c.taskId}`,
    valid: () => ({ status: 'in_progress' }),
    wrongTypes: [
      ['status', 'finished'],
      ['position', -3],
    ],
    text: 'title',
    pathIds: { tid: (c, bad) => `/plans/${id(c)}/tasks/${bad}` },
  },
  {
    route: 'POST /plans/:id/target-accounts',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/target-accounts`,
    valid: () => ({ name: 'Initech' }),
    wrongTypes: [['name', []]],
    text: 'notes',
    uuidFields: ['ownerId'],
  },
  {
    route: 'PATCH /plans/:id/target-accounts/:aid',
    method: 'PATCH',
    path: (c) => `/plans/${id(c)}/target-accounts/${c.accountId}`,
    valid: () => ({ status: 'engaged' }),
    wrongTypes: [['status', 'hot']],
    text: 'notes',
    pathIds: { aid: (c, bad) => `/plans/${id(c)}/target-accounts/${bad}` },
  },
  {
    route: 'POST /plans/:id/reviews',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/reviews`,
    valid: () => ({ quarter: 2, heldOn: `${THIS_YEAR}-06-30` }),
    wrongTypes: [
      ['quarter', 0],
      ['heldOn', 'June'],
      ['attendeeIds', 'all'],
    ],
  },
  {
    route: 'POST /plans/:id/reviews/:rid/actions',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/reviews/${c.reviewId}/actions`,
    valid: () => ({ text: 'Send the deck' }),
    wrongTypes: [['text', 1]],
    text: 'text',
    uuidFields: ['ownerId'],
    pathIds: { rid: (c, bad) => `/plans/${id(c)}/reviews/${bad}/actions` },
  },
  {
    route: 'PATCH /plans/:id/reviews/:rid/actions/:aid',
    method: 'PATCH',
    path: (c) => `/plans/${id(c)}/reviews/${c.reviewId}/actions/${c.actionId}`,
    valid: () => ({ done: true }),
    wrongTypes: [['done', 'yes']],
    text: 'text',
    pathIds: { aid: (c, bad) => `/plans/${id(c)}/reviews/${c.reviewId}/actions/${bad}` },
  },
  {
    route: 'POST /plans/:id/reconcile',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/reconcile`,
    valid: () => ({ rollOver: false }),
    wrongTypes: [['rollOver', 'no']],
    pathIds: { id: (_, bad) => `/plans/${bad}/reconcile` },
  },
  {
    route: 'POST /plans/:id/versions',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/versions`,
    valid: () => ({ name: 'Before QBR' }),
    wrongTypes: [
      ['name', 1],
      ['name', null],
    ],
    text: 'name',
    pathIds: { id: (_, bad) => `/plans/${bad}/versions` },
  },
  {
    route: 'POST /plans/:id/versions/:vid/restore',
    method: 'POST',
    path: (c) => `/plans/${id(c)}/versions/${c.versionId}/restore`,
    pathIds: { vid: (c, bad) => `/plans/${id(c)}/versions/${bad}/restore` },
  },
  {
    route: 'POST /plan-templates',
    method: 'POST',
    path: () => '/plan-templates',
    valid: (c) => ({ name: 'Strategy', fromPlanId: c.planId }),
    wrongTypes: [
      ['groupIds', 'gold'],
      ['name', null],
    ],
    text: 'description',
    uuidFields: ['fromPlanId'],
  },
  {
    route: 'POST /plan-templates/:id/apply',
    method: 'POST',
    path: (c) => `/plan-templates/${c.templateId}/apply`,
    valid: (c) => ({ companyIds: [c.world.companyB], fiscalYear: THIS_YEAR + 30 }),
    wrongTypes: [
      ['fiscalYear', 'soon'],
      ['companyIds', [randomUUID(), 'x']],
      ['overrides', 'none'],
    ],
    text: 'name',
    pathIds: { id: (_, bad) => `/plan-templates/${bad}/apply` },
  },
];

describe('plans room: bad input on every write route → 400 with details, nothing written', () => {
  let app: TestApp;
  let api: Api;
  let ctx: Ctx;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    const world = await buildWorld(api);
    const token = world.admin.token;
    const plan = await planIn(world, 'active', 'Bad input plan');
    const sectionId = plan.sections[0].id;
    const checklist = await api.post(
      `/plans/${plan.id}/goals`,
      { sectionId, type: 'checklist', title: 'Steps', items: [{ text: 'one' }] },
      token,
    );
    const manual = await api.post(
      `/plans/${plan.id}/goals`,
      { sectionId, type: 'manual', title: 'Seats', target: '10' },
      token,
    );
    const checklistGoal = checklist.body.sections[0].goals[0];
    const task = await api.post(`/plans/${plan.id}/tasks`, { title: 'Task' }, token);
    const account = await api.post(`/plans/${plan.id}/target-accounts`, { name: 'Acme' }, token);
    const review = await api.post(
      `/plans/${plan.id}/reviews`,
      { quarter: 1, heldOn: `${THIS_YEAR}-03-31` },
      token,
    );
    const withAction = await api.post(
      `/plans/${plan.id}/reviews/${review.body.id}/actions`,
      { text: 'Do' },
      token,
    );
    const template = await api.post('/plan-templates', { name: 'T', fromPlanId: plan.id }, token);
    const version = await api.post(`/plans/${plan.id}/versions`, { name: 'v1' }, token);
    ctx = {
      world,
      planId: plan.id,
      sectionId,
      checklistId: checklistGoal.id,
      itemId: checklistGoal.items[0].id,
      manualId: manual.body.sections[0].goals.find((g: { type: string }) => g.type === 'manual').id,
      taskId: task.body.id,
      accountId: account.body.id,
      reviewId: review.body.id,
      actionId: withAction.body.actions[0].id,
      templateId: template.body.id,
      versionId: version.body.id,
    };
  }, 120000);
  afterAll(() => app.close());

  describeBadInput(ROUTES, {
    app: () => app,
    api: () => api,
    context: () => ctx,
    token: (c) => c.world.admin.token,
  });
});
