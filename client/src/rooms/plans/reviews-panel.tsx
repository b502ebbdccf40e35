import { useEffect, useId, useState, type FormEvent } from 'react';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { useRoomActivity } from '../use-room-activity';
import { ProgressBar } from './gauge';
import { quarterOf } from './plan-extras';
import { plansApi, type PlanReview } from './plans-api';
import './plan-extras.css';

/** Quarterly business reviews: record one (which freezes the scorecard), read any one's frozen scorecard. */
export default function ReviewsPanel({
  roomId,
  planId,
  planStart,
  canRecord,
}: {
  roomId: string;
  planId: string;
  planStart: string;
  canRecord: boolean;
}) {
  const { api } = useWorkspace();
  const id = useId();
  const today = new Date().toISOString().slice(0, 10);
  const reviews = useAsync(
    (signal) => api.get<PlanReview[]>(plansApi.reviews(planId), signal),
    [api, planId],
  );
  const [quarter, setQuarter] = useState(() => quarterOf(planStart, today));
  const [heldOn, setHeldOn] = useState(today);
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRoomActivity(
    roomId,
    (event) => event.entityId === planId && event.type.startsWith('review.'),
    reviews.reload,
  );

  const list = [...(reviews.data ?? [])].sort(
    (a, b) => b.heldOn.localeCompare(a.heldOn) || b.quarter - a.quarter,
  );
  useEffect(() => {
    if (list.length && !list.some((r) => r.id === selected)) setSelected(list[0].id);
  }, [list, selected]);
  const shown = list.find((r) => r.id === selected) ?? null;

  const record = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<PlanReview>(plansApi.reviews(planId), { quarter, heldOn });
      setSelected(created.id);
      reviews.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="reviews" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Quarterly business reviews</h2>
      {canRecord && (
        <form className="inline-form" onSubmit={record}>
          <label htmlFor={`${id}-quarter`}>Quarter</label>
          <select id={`${id}-quarter`} value={quarter} onChange={(e) => setQuarter(Number(e.target.value))}>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                Q{q}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-held`}>Held on</label>
          <input
            id={`${id}-held`}
            type="date"
            value={heldOn}
            required
            onChange={(e) => setHeldOn(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || !heldOn}>
            Record review
          </button>
        </form>
      )}
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      {reviews.error && !reviews.data && <p role="alert">{errorMessage(reviews.error)}</p>}
      {!reviews.data && !reviews.error && <p>Loading reviews…</p>}
      {reviews.data && list.length === 0 && <p className="empty-text">No quarterly review recorded yet.</p>}
      {list.length > 0 && (
        <ul className="review-list" aria-label="Reviews">
          {list.map((review) => (
            <li key={review.id}>
              <button
                type="button"
                aria-pressed={review.id === selected}
                onClick={() => setSelected(review.id)}
              >
                Q{review.quarter} review, {review.heldOn}
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown && <Scorecard review={shown} />}
    </section>
  );
}

function Scorecard({ review }: { review: PlanReview }) {
  const lines = review.scorecard.goals;
  return (
    <section className="scorecard" aria-label={`Q${review.quarter} scorecard`}>
      <header className="scorecard-header">
        <h3>
          Q{review.quarter} scorecard <span className="frozen-tag">frozen {review.heldOn}</span>
        </h3>
        <ProgressBar
          value={review.scorecard.overallCompletion}
          label={`Q${review.quarter} overall completion`}
        />
      </header>
      {lines.length === 0 ? (
        <p className="empty-text">The plan had no goals when this review was recorded.</p>
      ) : (
        <div className="table-scroll">
          <table className="scorecard-table">
            <caption className="visually-hidden">Goals as they stood at the Q{review.quarter} review</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">Goal</th>
                <th scope="col">Target</th>
                <th scope="col">Weight</th>
                <th scope="col">Progress</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.goalId}>
                  <td>{line.sectionTitle}</td>
                  <th scope="row">{line.title}</th>
                  <td>{line.target ?? '—'}</td>
                  <td>{line.weight}</td>
                  <td>{Math.round(line.progress)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {review.actions.length > 0 && (
        <>
          <h4>Actions</h4>
          <ul className="review-actions">
            {review.actions.map((action) => (
              <li key={action.id}>
                {action.done ? '✓ ' : ''}
                {action.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
