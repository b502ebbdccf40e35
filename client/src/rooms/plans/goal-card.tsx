import { useEffect, useState, type FormEvent } from 'react';
import type { Goal } from '../../api/types';
import { useWorkspace } from '../../app/session-context';
import { errorMessage } from '../../pages/form-field';
import { ProgressBar } from './gauge';
import { GoalDiscussion } from './goal-discussion';
import type { GoalQuarters } from './plans-api';
import { QuarterChart } from './quarter-chart';

/** One goal: its progress bar, and the checklist or manual entries the user may record progress with. */
export function GoalCard({
  roomId,
  companyId,
  planId,
  goal,
  canProgress,
  onChanged,
}: {
  roomId: string;
  companyId: string;
  planId: string;
  goal: Goal;
  canProgress: boolean;
  onChanged: () => void;
}) {
  const { api } = useWorkspace();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // A ticked box shows at once; the server's answer (or a revert on failure) replaces it.
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  useEffect(() => setTicked({}), [goal]);
  const base = `/plans/${planId}/goals/${goal.id}`;
  const quarters = (goal as { quarters?: GoalQuarters }).quarters;

  const run = async (key: string, work: () => Promise<unknown>, revert?: () => void) => {
    setBusy(key);
    setError(null);
    try {
      await work();
      onChanged();
    } catch (reason) {
      revert?.();
      setError(reason);
    } finally {
      setBusy(null);
    }
  };

  return (
    <article className="goal" aria-labelledby={`goal-${goal.id}`}>
      <header className="goal-header">
        <h3 id={`goal-${goal.id}`}>{goal.title}</h3>
        <span className="goal-type">{goal.type.replace('_', ' ')}</span>
      </header>
      {goal.description && <p className="goal-description">{goal.description}</p>}
      <ProgressBar value={goal.progress} label={`${goal.title} progress`} />
      {goal.items && goal.items.length > 0 && (
        <ul className="checklist">
          {[...goal.items]
            .sort((a, b) => a.position - b.position)
            .map((item) => (
              <li key={item.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={ticked[item.id] ?? item.completedAt !== null}
                    disabled={!canProgress || busy !== null}
                    onChange={(e) => {
                      const done = e.target.checked;
                      setTicked((all) => ({ ...all, [item.id]: done }));
                      void run(
                        item.id,
                        () => api.post(`${base}/items/${item.id}/${done ? 'complete' : 'uncomplete'}`),
                        () =>
                          setTicked((all) => {
                            const rest = { ...all };
                            delete rest[item.id];
                            return rest;
                          }),
                      );
                    }}
                  />
                  <span>{item.text}</span>
                </label>
              </li>
            ))}
        </ul>
      )}
      {goal.type === 'manual' && (
        <ManualEntries
          goal={goal}
          canProgress={canProgress}
          busy={busy !== null}
          onAdd={(body) => run('entry', () => api.post(`${base}/entries`, body))}
        />
      )}
      {quarters && quarters.length > 0 && (
        <QuarterChart
          title={goal.title}
          quarters={quarters}
          unit={typeof goal.settings.unit === 'string' ? goal.settings.unit : undefined}
        />
      )}
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      <GoalDiscussion
        roomId={roomId}
        companyId={companyId}
        planId={planId}
        goalId={goal.id}
        goalTitle={goal.title}
      />
    </article>
  );
}

function ManualEntries({
  goal,
  canProgress,
  busy,
  onAdd,
}: {
  goal: Goal;
  canProgress: boolean;
  busy: boolean;
  onAdd: (body: { value: string; note?: string }) => Promise<void>;
}) {
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const unit = typeof goal.settings.unit === 'string' ? goal.settings.unit : '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    await onAdd({ value: value.trim(), ...(note.trim() ? { note: note.trim() } : {}) });
    setValue('');
    setNote('');
  };
  return (
    <div className="entries">
      <p className="goal-target">
        Target: {goal.target ?? '—'} {unit}
      </p>
      {goal.entries && goal.entries.length > 0 && (
        <ul className="entry-list">
          {goal.entries.map((entry) => (
            <li key={entry.id}>
              <strong>
                {entry.value} {unit}
              </strong>
              {entry.note && ` — ${entry.note}`}{' '}
              <time dateTime={entry.createdAt}>{new Date(entry.createdAt).toLocaleDateString()}</time>
            </li>
          ))}
        </ul>
      )}
      {canProgress && (
        <form className="entry-form" onSubmit={submit}>
          <label>
            <span>Value</span>
            <input inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} required />
          </label>
          <label>
            <span>Note</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || !value.trim()}>
            Add entry
          </button>
        </form>
      )}
    </div>
  );
}
