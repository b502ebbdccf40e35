import { useState, type FormEvent } from 'react';
import type { Page } from '../api/types';
import { useWorkspace } from '../app/session-context';
import { useAsync } from '../app/use-async';
import { errorMessage, Field, fieldErrors } from '../pages/form-field';
import type { ApplyResult, Company, ManagedPlanRow, PartnerGroup, PlanTemplate } from './admin-types';
import { ActionResult, CheckboxGroup, SelectField } from './controls';
import { useAction } from './use-action';

/** Plan templates (strategies): save a plan's shape as one, and apply one to companies or groups. */
export function TemplatesPanel() {
  const { api } = useWorkspace();
  const templates = useAsync((signal) => api.get<PlanTemplate[]>('/plan-templates', signal), [api]);
  const plans = useAsync(
    async (signal) => (await api.get<Page<ManagedPlanRow>>('/plans?limit=200&sort=-updatedAt', signal)).items,
    [api],
  );
  const companies = useAsync(
    async (signal) => (await api.get<Page<Company>>('/companies?limit=200', signal)).items,
    [api],
  );
  const groups = useAsync((signal) => api.get<PartnerGroup[]>('/partner-groups', signal), [api]);

  return (
    <section aria-label="Plan templates">
      {templates.error && <p role="alert">{errorMessage(templates.error)}</p>}
      {!templates.data ? (
        <p>Loading templates…</p>
      ) : templates.data.length === 0 ? (
        <p className="empty-text">No plan templates yet. Save a plan as one below.</p>
      ) : (
        <ul className="ws-cards" aria-label="Templates">
          {templates.data.map((t) => (
            <li key={t.id} className="ws-card">
              <h2 className="ws-card-title">{t.name}</h2>
              {t.description && <p>{t.description}</p>}
              <p className="ws-muted">{t.sections.map((s) => s.title).join(' · ') || 'No sections'}</p>
            </li>
          ))}
        </ul>
      )}
      <SaveTemplateForm plans={plans.data ?? []} onSaved={templates.reload} />
      {templates.data && templates.data.length > 0 && (
        <ApplyTemplateForm
          templates={templates.data}
          companies={companies.data ?? []}
          groups={groups.data ?? []}
        />
      )}
    </section>
  );
}

function SaveTemplateForm({ plans, onSaved }: { plans: ManagedPlanRow[]; onSaved: () => void }) {
  const { api } = useWorkspace();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [fromPlanId, setFromPlanId] = useState('');
  const action = useAction();
  const fields = fieldErrors(action.error);
  const planId = fromPlanId || plans[0]?.id || '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api.post('/plan-templates', { name: name.trim(), description, fromPlanId: planId });
      return `Template ${name.trim()} saved.`;
    });
    if (ok) {
      setName('');
      setDescription('');
      onSaved();
    }
  };
  return (
    <form className="ws-form" onSubmit={submit} noValidate aria-label="Save a plan as a template">
      <h2>Save a plan as a template</h2>
      {plans.length === 0 ? (
        <p className="empty-text">There is no plan to copy yet.</p>
      ) : (
        <>
          <SelectField label="From plan" value={planId} onChange={(e) => setFromPlanId(e.target.value)}>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.companyName}: {p.name} (FY {p.fiscalYear})
              </option>
            ))}
          </SelectField>
          <Field
            label="Template name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fields.name}
          />
          <Field
            label="Template description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            error={fields.description}
          />
          <ActionResult error={action.error} done={action.done} />
          <button type="submit" className="primary" disabled={action.busy}>
            Save template
          </button>
        </>
      )}
    </form>
  );
}

function ApplyTemplateForm({
  templates,
  companies,
  groups,
}: {
  templates: PlanTemplate[];
  companies: Company[];
  groups: PartnerGroup[];
}) {
  const { api } = useWorkspace();
  const [templateId, setTemplateId] = useState('');
  const [fiscalYear, setFiscalYear] = useState(String(new Date().getUTCFullYear() + 1));
  const [companyIds, setCompanyIds] = useState<string[]>([]);
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [results, setResults] = useState<ApplyResult['results']>([]);
  const action = useAction();
  const fields = fieldErrors(action.error);
  const chosen = templateId || templates[0]?.id || '';
  const companyName = (id: string) => companies.find((c) => c.id === id)?.name ?? id;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      const answer = await api.post<ApplyResult>(`/plan-templates/${chosen}/apply`, {
        fiscalYear: Number(fiscalYear),
        ...(companyIds.length ? { companyIds } : {}),
        ...(groupIds.length ? { groupIds } : {}),
      });
      setResults(answer.results);
      const made = answer.results.filter((r) => r.planId).length;
      return `${made} plan${made === 1 ? '' : 's'} created.`;
    });
  };

  return (
    <form className="ws-form" onSubmit={submit} noValidate aria-label="Apply a template">
      <h2>Apply a template</h2>
      <SelectField label="Template" value={chosen} onChange={(e) => setTemplateId(e.target.value)}>
        {templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </SelectField>
      <Field
        label="Fiscal year"
        inputMode="numeric"
        value={fiscalYear}
        onChange={(e) => setFiscalYear(e.target.value)}
        error={fields.fiscalYear}
      />
      <CheckboxGroup
        legend="Companies"
        options={companies.map((c) => ({ id: c.id, label: c.name }))}
        value={companyIds}
        onChange={setCompanyIds}
      />
      <CheckboxGroup
        legend="Partner groups"
        options={groups.map((g) => ({ id: g.id, label: g.name }))}
        value={groupIds}
        onChange={setGroupIds}
      />
      <ActionResult error={action.error} done={action.done} />
      {results.length > 0 && (
        <ul className="apply-results">
          {results.map((r) => (
            <li key={r.companyId}>
              {companyName(r.companyId)}: {r.planId ? 'plan created' : r.error}
            </li>
          ))}
        </ul>
      )}
      <button type="submit" className="primary" disabled={action.busy}>
        Apply template
      </button>
    </form>
  );
}
