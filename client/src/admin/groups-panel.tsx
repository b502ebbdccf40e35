import { useState, type FormEvent } from 'react';
import type { Page } from '../api/types';
import { useWorkspace } from '../app/session-context';
import { useAsync } from '../app/use-async';
import { errorMessage, Field, fieldErrors } from '../pages/form-field';
import type { Company, PartnerGroup } from './admin-types';
import { ActionResult, CheckboxGroup, FormActions } from './controls';
import { useAction } from './use-action';
import { announceWorkspaceChanged } from './workspace-events';

/** Partner groups (tiers, regions): create one and choose its member companies. */
export function GroupsPanel() {
  const { api } = useWorkspace();
  const groups = useAsync((signal) => api.get<PartnerGroup[]>('/partner-groups', signal), [api]);
  const companies = useAsync(
    async (signal) => (await api.get<Page<Company>>('/companies?limit=200', signal)).items,
    [api],
  );
  const [editing, setEditing] = useState<string | null>(null);
  const options = (companies.data ?? []).map((c) => ({ id: c.id, label: c.name }));
  const companyName = (id: string) => companies.data?.find((c) => c.id === id)?.name ?? '…';
  const saved = () => {
    setEditing(null);
    groups.reload();
    announceWorkspaceChanged();
  };

  return (
    <section aria-label="Partner groups">
      {groups.error && <p role="alert">{errorMessage(groups.error)}</p>}
      {!groups.data ? (
        <p>Loading groups…</p>
      ) : groups.data.length === 0 ? (
        <p className="empty-text">No partner groups yet.</p>
      ) : (
        <ul className="ws-cards">
          {groups.data.map((group) => (
            <li key={group.id} className="ws-card">
              {editing === group.id ? (
                <GroupForm
                  title={`Edit ${group.name}`}
                  initial={group}
                  options={options}
                  submitLabel="Save group"
                  onSubmit={(body) => api.patch(`/partner-groups/${group.id}`, body)}
                  onDone={saved}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <>
                  <h2 className="ws-card-title">{group.name}</h2>
                  {group.description && <p>{group.description}</p>}
                  <p className="ws-muted">
                    {group.companyIds.length === 0
                      ? 'No companies'
                      : group.companyIds.map(companyName).join(', ')}
                  </p>
                  <button
                    type="button"
                    onClick={() => setEditing(group.id)}
                    aria-label={`Edit ${group.name}`}
                  >
                    Edit
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <GroupForm
        title="Add a partner group"
        initial={{ name: '', description: '', companyIds: [] }}
        options={options}
        submitLabel="Create group"
        onSubmit={(body) => api.post('/partner-groups', body)}
        onDone={saved}
        resetOnDone
      />
    </section>
  );
}

function GroupForm({
  title,
  initial,
  options,
  submitLabel,
  onSubmit,
  onDone,
  onCancel,
  resetOnDone,
}: {
  title: string;
  initial: Pick<PartnerGroup, 'name' | 'description' | 'companyIds'>;
  options: Array<{ id: string; label: string }>;
  submitLabel: string;
  onSubmit: (body: object) => Promise<unknown>;
  onDone: () => void;
  onCancel?: () => void;
  resetOnDone?: boolean;
}) {
  const [draft, setDraft] = useState(initial);
  const action = useAction();
  const fields = fieldErrors(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await onSubmit({
        name: draft.name.trim(),
        description: draft.description,
        companyIds: draft.companyIds,
      });
      return `${draft.name.trim()} saved.`;
    });
    if (ok) {
      if (resetOnDone) setDraft(initial);
      onDone();
    }
  };
  return (
    <form className="ws-form" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <Field
        label="Group name"
        required
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        error={fields.name}
      />
      <Field
        label="Description"
        value={draft.description}
        onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        error={fields.description}
      />
      <CheckboxGroup
        legend="Member companies"
        options={options}
        value={draft.companyIds}
        onChange={(companyIds) => setDraft({ ...draft, companyIds })}
      />
      <ActionResult error={action.error} done={action.done} />
      <FormActions busy={action.busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
