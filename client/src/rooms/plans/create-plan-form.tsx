import { useId, useState, type FormEvent } from 'react';
import { navigate } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { Field, fieldErrors, FormError } from '../../pages/form-field';
import { planPath } from '../../shell/room-paths';
import './plan-extras.css';

/** New plan for the company (admins and its channel manager): name, fiscal year, optional template. */
export default function CreatePlanForm({
  companyId,
  onCreated,
}: {
  companyId: string;
  onCreated: () => void;
}) {
  const { api } = useWorkspace();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [fiscalYear, setFiscalYear] = useState(String(new Date().getUTCFullYear()));
  const [description, setDescription] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const templates = useAsync(
    (signal) =>
      open
        ? api.get<Array<{ id: string; name: string }>>('/plan-templates', signal).catch(() => [])
        : Promise.resolve([]),
    [api, open],
  );

  if (!open)
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        New plan
      </button>
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const plan = await api.post<{ id: string }>('/plans', {
        companyId,
        name: name.trim(),
        fiscalYear: Number(fiscalYear),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(templateId ? { templateId } : {}),
      });
      onCreated();
      navigate(planPath(companyId, plan.id));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  const errors = fieldErrors(error);

  return (
    <form className="create-plan" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New plan</h2>
      <Field
        label="Plan name"
        value={name}
        required
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        autoFocus
      />
      <Field
        label="Fiscal year"
        type="number"
        min={2000}
        max={2100}
        value={fiscalYear}
        required
        onChange={(e) => setFiscalYear(e.target.value)}
        error={errors.fiscalYear}
      />
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea
          id={`${id}-description`}
          rows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      {(templates.data?.length ?? 0) > 0 && (
        <div className="field">
          <label htmlFor={`${id}-template`}>Template</label>
          <select id={`${id}-template`} value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            <option value="">No template</option>
            {templates.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !name.trim() || !fiscalYear}>
          Create plan
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
