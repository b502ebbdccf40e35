import { useEffect, useState, type FormEvent } from 'react';
import type { Page, PlanStatus } from '../api/types';
import { Link } from '../app/router';
import { useWorkspace } from '../app/session-context';
import { useAsync } from '../app/use-async';
import { errorMessage, Field, fieldErrors } from '../pages/form-field';
import { relationToPlan, statusLabel, transitionsFor } from '../rooms/plans/plan-permissions';
import { planPath } from '../shell/room-paths';
import {
  DEFAULT_PLAN_COLUMNS,
  nextSort,
  PLAN_COLUMNS,
  planCell,
  planQuery,
  sortState,
  type PlanColumn,
  type PlanFilters,
} from './admin-logic';
import type { Company, ManagedPlanRow, PlanTemplate } from './admin-types';
import { ActionResult, NamedOptions, SearchBox, SelectField } from './controls';
import { downloadFile } from './download';
import { useAction } from './use-action';

const STATUSES: PlanStatus[] = ['draft_outline', 'draft', 'scheduled', 'active', 'completed', 'archived'];

/** Every plan the caller may see: search, filters, column chooser, sort, CSV export, workflow buttons. */
export function PlansTable() {
  const { api, me } = useWorkspace();
  const [filters, setFilters] = useState<PlanFilters>({
    q: '',
    fiscalYear: '',
    statuses: [],
    companyId: '',
    sort: '-updatedAt',
    columns: DEFAULT_PLAN_COLUMNS,
  });
  const query = planQuery(filters);
  const first = useAsync((signal) => api.get<Page<ManagedPlanRow>>(`/plans?${query}`, signal), [api, query]);
  const [more, setMore] = useState<ManagedPlanRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);
  const companies = useAsync(
    async (signal) => (await api.get<Page<Company>>('/companies?limit=200', signal)).items,
    [api],
  );
  const rowAction = useAction();
  const exporting = useAction();
  const rows = [...(first.data?.items ?? []), ...more];
  const columns = PLAN_COLUMNS.filter((c) => filters.columns.includes(c.key));

  const loadMore = () =>
    rowAction.run(async () => {
      if (!cursor) return;
      const page = await api.get<Page<ManagedPlanRow>>(
        `/plans?${query}&cursor=${encodeURIComponent(cursor)}`,
      );
      setMore((list) => [...list, ...page.items]);
      setCursor(page.nextCursor);
    });
  const transition = (row: ManagedPlanRow, to: PlanStatus, label: string) =>
    rowAction.run(async () => {
      await api.post(`/plans/${row.id}/transitions`, { to });
      first.reload();
      return `${row.name}: ${label.toLowerCase()} done.`;
    });
  const toggleColumn = (key: PlanColumn, on: boolean) =>
    setFilters({
      ...filters,
      columns: on ? [...filters.columns, key] : filters.columns.filter((c) => c !== key),
    });

  return (
    <section aria-label="Manage plans">
      <div className="ws-toolbar filters" role="search" aria-label="Filter plans">
        <SearchBox
          label="Search plans"
          placeholder="Search plans and partners"
          value={filters.q}
          onChange={(q) => setFilters({ ...filters, q })}
        />
        <label>
          <span className="visually-hidden">Fiscal year</span>
          <input
            aria-label="Fiscal year"
            placeholder="Fiscal year"
            inputMode="numeric"
            value={filters.fiscalYear}
            onChange={(e) => setFilters({ ...filters, fiscalYear: e.target.value })}
          />
        </label>
        <label>
          <span className="visually-hidden">Partner</span>
          <select
            aria-label="Partner"
            value={filters.companyId}
            onChange={(e) => setFilters({ ...filters, companyId: e.target.value })}
          >
            <option value="">All partners</option>
            <NamedOptions items={companies.data ?? []} />
          </select>
        </label>
        <details className="ws-chooser">
          <summary>Status</summary>
          <fieldset>
            <legend className="visually-hidden">Status</legend>
            {STATUSES.map((status) => (
              <label key={status}>
                <input
                  type="checkbox"
                  checked={filters.statuses.includes(status)}
                  onChange={(e) =>
                    setFilters({
                      ...filters,
                      statuses: e.target.checked
                        ? [...filters.statuses, status]
                        : filters.statuses.filter((s) => s !== status),
                    })
                  }
                />
                {statusLabel(status)}
              </label>
            ))}
          </fieldset>
        </details>
        <details className="ws-chooser">
          <summary>Columns</summary>
          <fieldset>
            <legend className="visually-hidden">Columns</legend>
            {PLAN_COLUMNS.map((column) => (
              <label key={column.key}>
                <input
                  type="checkbox"
                  checked={filters.columns.includes(column.key)}
                  onChange={(e) => toggleColumn(column.key, e.target.checked)}
                />
                {column.label}
              </label>
            ))}
          </fieldset>
        </details>
        <button
          type="button"
          disabled={exporting.busy}
          onClick={() =>
            exporting.run(() =>
              downloadFile(api, `/plans/export.csv?${planQuery(filters, true)}`, 'plans.csv'),
            )
          }
        >
          Export CSV
        </button>
      </div>
      <ActionResult error={exporting.error} done={null} />
      <ActionResult error={rowAction.error} done={rowAction.done} />
      {first.error && <p role="alert">{errorMessage(first.error)}</p>}
      {!first.data ? (
        <p>Loading plans…</p>
      ) : rows.length === 0 ? (
        <p className="empty-text">No plans match.</p>
      ) : (
        <div className="ws-table-wrap">
          <table className="ws-table">
            <caption className="visually-hidden">Plans</caption>
            <thead>
              <tr>
                {columns.map((column) => {
                  const state = sortState(filters.sort, column.sort);
                  return (
                    <th key={column.key} scope="col" aria-sort={column.sort ? state : undefined}>
                      {column.sort ? (
                        <button
                          type="button"
                          className="sort-button"
                          onClick={() =>
                            setFilters({ ...filters, sort: nextSort(filters.sort, column.sort!) })
                          }
                        >
                          {column.label}
                          <span aria-hidden="true">
                            {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''}
                          </span>
                        </button>
                      ) : (
                        column.label
                      )}
                    </th>
                  );
                })}
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  {columns.map((column) => (
                    <td key={column.key}>
                      {column.key === 'plan' ? (
                        <Link href={planPath(row.companyId, row.id)}>{row.name}</Link>
                      ) : column.key === 'status' ? (
                        <span className={`status status-${row.status}`}>{statusLabel(row.status)}</span>
                      ) : (
                        planCell(row, column.key)
                      )}
                    </td>
                  ))}
                  <td className="ws-row-actions">
                    {transitionsFor(relationToPlan(me.user, row), row.status).map((action) => (
                      <button
                        key={action.to}
                        type="button"
                        disabled={rowAction.busy}
                        aria-label={`${action.label}: ${row.name}`}
                        onClick={() => transition(row, action.to, action.label)}
                      >
                        {action.label}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" onClick={loadMore} disabled={rowAction.busy}>
          Load more plans
        </button>
      )}
      <CreatePlanForm
        companies={(companies.data ?? []).filter((c) => me.role === 'admin' || c.ownerId === me.user.id)}
        onCreated={first.reload}
      />
    </section>
  );
}

function CreatePlanForm({ companies, onCreated }: { companies: Company[]; onCreated: () => void }) {
  const { api } = useWorkspace();
  const templates = useAsync((signal) => api.get<PlanTemplate[]>('/plan-templates', signal), [api]);
  const [companyId, setCompanyId] = useState('');
  const [name, setName] = useState('');
  const [fiscalYear, setFiscalYear] = useState(String(new Date().getUTCFullYear()));
  const [templateId, setTemplateId] = useState('');
  const action = useAction();
  const fields = fieldErrors(action.error);
  const company = companyId || companies[0]?.id || '';
  if (companies.length === 0) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api.post('/plans', {
        companyId: company,
        name: name.trim(),
        fiscalYear: Number(fiscalYear),
        ...(templateId ? { templateId } : {}),
      });
      return `Plan ${name.trim()} created.`;
    });
    if (ok) {
      setName('');
      onCreated();
    }
  };
  return (
    <form className="ws-form" onSubmit={submit} noValidate aria-label="Create a plan">
      <h2>Create a plan</h2>
      <SelectField
        label="Partner company"
        value={company}
        onChange={(e) => setCompanyId(e.target.value)}
        error={fields.companyId}
      >
        <NamedOptions items={companies} />
      </SelectField>
      <Field
        label="Plan name"
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fields.name}
      />
      <Field
        label="Plan fiscal year"
        inputMode="numeric"
        value={fiscalYear}
        onChange={(e) => setFiscalYear(e.target.value)}
        error={fields.fiscalYear}
      />
      <SelectField
        label="Start from template"
        value={templateId}
        onChange={(e) => setTemplateId(e.target.value)}
      >
        <option value="">Default sections</option>
        {(templates.data ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </SelectField>
      <ActionResult error={action.error} done={action.done} />
      <button type="submit" className="primary" disabled={action.busy}>
        Create plan
      </button>
    </form>
  );
}
