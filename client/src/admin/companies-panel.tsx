import { useState, type FormEvent } from 'react';
import type { Page } from '../api/types';
import { useWorkspace } from '../app/session-context';
import { useAsync } from '../app/use-async';
import { errorMessage, Field, fieldErrors } from '../pages/form-field';
import { canManageCompanies } from './admin-logic';
import type { Company, PartnerGroup, WorkspaceUser } from './admin-types';
import { ActionResult, CheckboxGroup, FormActions, SearchBox, SelectField } from './controls';
import { useAction } from './use-action';
import { announceWorkspaceChanged } from './workspace-events';

interface CompanyDraft {
  name: string;
  ownerId: string;
  groupIds: string[];
  commissionRate: string;
}

const EMPTY: CompanyDraft = { name: '', ownerId: '', groupIds: [], commissionRate: '' };

/** Partner companies: the list with channel manager and groups; admins create and edit. */
export function CompaniesPanel() {
  const { api, me } = useWorkspace();
  const writer = canManageCompanies(me.role);
  const [q, setQ] = useState('');
  const companies = useAsync(
    (signal) =>
      api.get<Page<Company>>(
        `/companies?limit=200${q.trim() ? `&q=${encodeURIComponent(q.trim())}` : ''}`,
        signal,
      ),
    [api, q],
  );
  const groups = useAsync((signal) => api.get<PartnerGroup[]>('/partner-groups', signal), [api]);
  const managers = useAsync(
    async (signal) =>
      writer
        ? (await api.get<Page<WorkspaceUser>>('/users?role=channel_manager&limit=200', signal)).items
        : [],
    [api, writer],
  );
  const [editing, setEditing] = useState<string | null>(null);

  const groupName = (id: string) => groups.data?.find((g) => g.id === id)?.name ?? '…';
  const managerName = (id: string | null) =>
    id === null
      ? '—'
      : id === me.user.id
        ? me.user.name
        : (managers.data?.find((u) => u.id === id)?.name ?? '—');
  const saved = () => {
    setEditing(null);
    companies.reload();
    groups.reload();
    announceWorkspaceChanged();
  };

  return (
    <section aria-label="Partner companies">
      <div className="ws-toolbar">
        <SearchBox label="Search companies" placeholder="Search companies" value={q} onChange={setQ} />
      </div>
      {companies.error && <p role="alert">{errorMessage(companies.error)}</p>}
      {!companies.data ? (
        <p>Loading companies…</p>
      ) : companies.data.items.length === 0 ? (
        <p className="empty-text">No partner companies yet.</p>
      ) : (
        <div className="ws-table-wrap">
          <table className="ws-table">
            <caption className="visually-hidden">Partner companies</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Channel manager</th>
                <th scope="col">Groups</th>
                <th scope="col">Commission</th>
                <th scope="col">Rooms</th>
                {writer && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {companies.data.items.map((company) =>
                editing === company.id ? (
                  <tr key={company.id}>
                    <td colSpan={6}>
                      <CompanyForm
                        title={`Edit ${company.name}`}
                        initial={{
                          name: company.name,
                          ownerId: company.ownerId ?? '',
                          groupIds: company.groupIds,
                          commissionRate: company.commissionRate ?? '',
                        }}
                        groups={groups.data ?? []}
                        managers={managers.data ?? []}
                        submitLabel="Save company"
                        onSubmit={(body) => api.patch(`/companies/${company.id}`, body)}
                        onDone={saved}
                        onCancel={() => setEditing(null)}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={company.id}>
                    <th scope="row">{company.name}</th>
                    <td>{managerName(company.ownerId)}</td>
                    <td>{company.groupIds.map(groupName).join(', ') || '—'}</td>
                    <td>{company.commissionRate ? `${company.commissionRate}%` : '—'}</td>
                    <td>
                      {company.rooms.filter((r) => r.enabled).length} of {company.rooms.length}
                    </td>
                    {writer && (
                      <td>
                        <button
                          type="button"
                          onClick={() => setEditing(company.id)}
                          aria-label={`Edit ${company.name}`}
                        >
                          Edit
                        </button>
                      </td>
                    )}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {writer && (
        <CompanyForm
          title="Add a partner company"
          initial={EMPTY}
          groups={groups.data ?? []}
          managers={managers.data ?? []}
          submitLabel="Create company"
          onSubmit={(body) => api.post('/companies', body)}
          onDone={saved}
          resetOnDone
        />
      )}
    </section>
  );
}

function CompanyForm({
  title,
  initial,
  groups,
  managers,
  submitLabel,
  onSubmit,
  onDone,
  onCancel,
  resetOnDone,
}: {
  title: string;
  initial: CompanyDraft;
  groups: PartnerGroup[];
  managers: WorkspaceUser[];
  submitLabel: string;
  onSubmit: (body: object) => Promise<unknown>;
  onDone: () => void;
  onCancel?: () => void;
  resetOnDone?: boolean;
}) {
  const [draft, setDraft] = useState<CompanyDraft>(initial);
  const action = useAction();
  const fields = fieldErrors(action.error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await onSubmit({
        name: draft.name.trim(),
        ownerId: draft.ownerId || null,
        groupIds: draft.groupIds,
        commissionRate: draft.commissionRate.trim() || null,
      });
      return `${draft.name.trim()} saved.`;
    });
    if (ok) {
      if (resetOnDone) setDraft(EMPTY);
      onDone();
    }
  };

  return (
    <form className="ws-form" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <Field
        label="Company name"
        required
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        error={fields.name}
      />
      <SelectField
        label="Channel manager"
        value={draft.ownerId}
        onChange={(e) => setDraft({ ...draft, ownerId: e.target.value })}
        error={fields.ownerId}
      >
        <option value="">None</option>
        {managers.map((user) => (
          <option key={user.id} value={user.id}>
            {user.name}
          </option>
        ))}
      </SelectField>
      <Field
        label="Commission rate (%)"
        inputMode="decimal"
        value={draft.commissionRate}
        onChange={(e) => setDraft({ ...draft, commissionRate: e.target.value })}
        error={fields.commissionRate}
      />
      <CheckboxGroup
        legend="Partner groups"
        options={groups.map((g) => ({ id: g.id, label: g.name }))}
        value={draft.groupIds}
        onChange={(groupIds) => setDraft({ ...draft, groupIds })}
      />
      <ActionResult error={action.error} done={action.done} />
      <FormActions busy={action.busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
