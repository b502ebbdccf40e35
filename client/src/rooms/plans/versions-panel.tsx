import { useEffect, useId, useState, type FormEvent } from 'react';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { useRoomActivity } from '../use-room-activity';
import { diffLines, fieldLabel, shownValue } from './plan-extras';
import { plansApi, type PlanVersion, type VersionDiff } from './plans-api';
import './plan-extras.css';

/** Named versions of a plan: name the current state, compare two versions, restore one's narrative. */
export default function VersionsPanel({
  roomId,
  planId,
  editable,
  onRestored,
}: {
  roomId: string;
  planId: string;
  editable: boolean;
  onRestored: () => void;
}) {
  const { api } = useWorkspace();
  const id = useId();
  const versions = useAsync(
    (signal) => api.get<PlanVersion[]>(plansApi.versions(planId), signal),
    [api, planId],
  );
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useRoomActivity(
    roomId,
    (event) => event.entityId === planId && event.type.includes('version'),
    versions.reload,
  );

  const list = versions.data ?? [];
  // Newest last in the selects' defaults: compare the two most recent versions.
  useEffect(() => {
    if (list.length < 2) return;
    const byTime = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    setFrom((current) => current || byTime[byTime.length - 2].id);
    setTo((current) => current || byTime[byTime.length - 1].id);
  }, [list]);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    void run(async () => {
      await api.post(plansApi.versions(planId), { name: trimmed });
      setName('');
      versions.reload();
    }, `Version “${trimmed}” saved.`);
  };

  return (
    <section className="versions" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Versions</h2>
      {editable && (
        <form className="inline-form" onSubmit={create}>
          <label htmlFor={`${id}-name`}>Version name</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            placeholder="Before QBR 2"
          />
          <button type="submit" disabled={busy || !name.trim()}>
            Save version
          </button>
        </form>
      )}
      {notice && (
        <p role="status" className="form-notice">
          {notice}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      {versions.error && !versions.data && <p role="alert">{errorMessage(versions.error)}</p>}
      {!versions.data && !versions.error && <p>Loading versions…</p>}
      {versions.data && list.length === 0 && <p className="empty-text">No named versions yet.</p>}
      {list.length > 0 && (
        <ul className="version-list" aria-label="Plan versions">
          {list.map((version) => (
            <li key={version.id}>
              <span className="version-name">{version.name}</span>{' '}
              <time dateTime={version.createdAt}>{new Date(version.createdAt).toLocaleString()}</time>{' '}
              <span className="version-meta">
                {version.goals} goal{version.goals === 1 ? '' : 's'}
              </span>
              {editable && (
                <button
                  type="button"
                  disabled={busy}
                  aria-label={`Restore narrative of ${version.name}`}
                  onClick={() =>
                    void run(async () => {
                      await api.post(plansApi.restore(planId, version.id));
                      onRestored();
                    }, `The narrative of “${version.name}” is restored.`)
                  }
                >
                  Restore
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.length >= 2 && (
        <div className="version-compare">
          <h3>Compare versions</h3>
          <div className="inline-form">
            <label htmlFor={`${id}-from`}>From version</label>
            <select id={`${id}-from`} value={from} onChange={(e) => setFrom(e.target.value)}>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-to`}>To version</label>
            <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </div>
          {from && to && from !== to ? (
            <Diff planId={planId} from={from} to={to} />
          ) : (
            <p className="empty-text">Pick two different versions to compare.</p>
          )}
        </div>
      )}
    </section>
  );
}

function Diff({ planId, from, to }: { planId: string; from: string; to: string }) {
  const { api } = useWorkspace();
  const diff = useAsync(
    (signal) => api.get<VersionDiff>(plansApi.diff(planId, from, to), signal),
    [api, planId, from, to],
  );
  if (diff.error && !diff.data) return <p role="alert">{errorMessage(diff.error)}</p>;
  if (!diff.data) return <p>Comparing…</p>;
  const { goals, sections } = diff.data;
  return (
    <section
      className="version-diff"
      aria-label={`Changes from ${diff.data.from.name} to ${diff.data.to.name}`}
    >
      {goals.length === 0 && sections.length === 0 && (
        <p className="empty-text">No differences between these versions.</p>
      )}
      {goals.length > 0 && (
        <>
          <h4>Goals</h4>
          <ul className="diff-goals">
            {goals.map((goal) => (
              <li key={goal.id} className={`diff-${goal.change}`}>
                <strong>{goal.title}</strong> <span className="diff-tag">{goal.change}</span>
                {goal.fields.length > 0 && (
                  <ul>
                    {goal.fields.map((f) => (
                      <li key={f.field}>
                        {fieldLabel(f.field)}: <del>{shownValue(f.before)}</del> →{' '}
                        <ins>{shownValue(f.after)}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {sections.map((section) => (
        <div key={section.sectionId} className="diff-section">
          <h4>{section.title} narrative</h4>
          <pre className="diff-text">
            {diffLines(section.before, section.after).map((line, index) =>
              line.kind === 'same' ? (
                <span key={index}>{`  ${line.text}\n`}</span>
              ) : line.kind === 'added' ? (
                <ins key={index}>{`+ ${line.text}\n`}</ins>
              ) : (
                <del key={index}>{`- ${line.text}\n`}</del>
              ),
            )}
          </pre>
        </div>
      ))}
    </section>
  );
}
