import { useState, type FormEvent } from 'react';
import type { Page, Room } from '../../api/types';
import { Link, useLocation } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { useAction } from '../../admin/use-action';
import { errorMessage, FormError } from '../../pages/form-field';
import { roomPath } from '../../shell/room-paths';
import { useRoomActivity } from '../use-room-activity';
import {
  canDecideCommission,
  COMMISSION_MOVES,
  dealMoves,
  formatMoney,
  label,
  type DealStage,
  type Relation,
} from '../leads/lead-rules';
import type { CommissionPage, Deal, Pipeline } from '../leads/leads-types';
import { useCompanyRelation } from '../leads/use-company-relation';
import { usePeople } from '../leads/use-people';
import { PipelineBoard } from './pipeline-board';
import '../leads/leads.css';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

/** The deals room: the pipeline board, one deal with notes and stage history, the commission ledger. */
export default function DealsPage({ room, companyId }: { room: Room; companyId: string }) {
  const { search } = useLocation();
  const relation = useCompanyRelation(companyId);
  const base = roomPath(companyId, room);
  const dealId = search.get('deal');
  const view = search.get('view') === 'commissions' ? 'commissions' : 'pipeline';

  if (!relation) return <p>Loading…</p>;
  if (dealId)
    return <DealPage key={dealId} room={room} companyId={companyId} dealId={dealId} relation={relation} />;
  return (
    <section className="deals">
      <nav className="view-switch" aria-label="Deals views">
        <Link href={base} aria-current={view === 'pipeline' ? 'page' : undefined}>
          Pipeline
        </Link>
        <Link href={`${base}?view=commissions`} aria-current={view === 'commissions' ? 'page' : undefined}>
          Commissions
        </Link>
      </nav>
      {view === 'commissions' ? (
        <Commissions room={room} companyId={companyId} relation={relation} />
      ) : (
        <PipelineView room={room} companyId={companyId} relation={relation} />
      )}
    </section>
  );
}

function PipelineView({ room, companyId, relation }: { room: Room; companyId: string; relation: Relation }) {
  const { api } = useWorkspace();
  const base = roomPath(companyId, room);
  const deals = useAsync(
    (signal) => api.get<Page<Deal>>(`/deals?companyId=${companyId}&limit=200&sort=-createdAt`, signal),
    [api, companyId],
  );
  const pipeline = useAsync(
    (signal) => api.get<Pipeline>(`/pipeline?companyId=${companyId}`, signal),
    [api, companyId],
  );
  // Moves shown at once; the server's answer (or a revert on refusal) replaces them.
  const [moved, setMoved] = useState<Record<string, DealStage>>({});
  const [error, setError] = useState<unknown>(null);
  const [announce, setAnnounce] = useState('');
  const reload = () => {
    deals.reload();
    pipeline.reload();
  };
  useRoomActivity(
    room.id,
    (event) => event.entity === 'deal' || event.type.startsWith('deal.'),
    () => {
      setMoved({});
      reload();
    },
  );

  const move = async (deal: Deal, to: DealStage) => {
    if (!dealMoves(relation, deal.stage).includes(to)) return;
    setError(null);
    setMoved((all) => ({ ...all, [deal.id]: to }));
    try {
      await api.patch<Deal>(`/deals/${deal.id}`, { stage: to });
      setAnnounce(`${deal.name} moved to ${label(to)}.`);
      reload();
    } catch (reason) {
      setMoved((all) => {
        const rest = { ...all };
        delete rest[deal.id];
        return rest;
      });
      setError(reason);
    }
  };

  if (deals.error && !deals.data) return <p role="alert">{errorMessage(deals.error)}</p>;
  if (!deals.data) return <p>Loading deals…</p>;
  const shown = deals.data.items.map((d) => (moved[d.id] ? { ...d, stage: moved[d.id] } : d));
  return (
    <>
      {pipeline.data && (
        <p className="pipeline-summary">
          Open pipeline: <strong>{formatMoney(pipeline.data.openValue)}</strong>
        </p>
      )}
      <FormError error={error} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {shown.length === 0 ? (
        <p className="empty-text">No deals yet. Leads become deals once approved and converted.</p>
      ) : (
        <PipelineBoard
          deals={shown}
          pipeline={pipeline.data}
          relation={relation}
          dealHref={(deal) => `${base}?deal=${deal.id}`}
          onMove={move}
        />
      )}
    </>
  );
}

function DealPage({
  room,
  companyId,
  dealId,
  relation,
}: {
  room: Room;
  companyId: string;
  dealId: string;
  relation: Relation;
}) {
  const { api } = useWorkspace();
  const nameOf = usePeople(companyId);
  const deal = useAsync((signal) => api.get<Deal>(`/deals/${dealId}`, signal), [api, dealId]);
  const [note, setNote] = useState('');
  const action = useAction();
  const { busy, error } = action;
  useRoomActivity(room.id, (event) => event.entityId === dealId, deal.reload);
  const base = roomPath(companyId, room);

  /** A write of this deal: busy while it runs, its error shown, the deal reloaded after it. */
  const run = (work: () => Promise<unknown>) =>
    action.run(async () => {
      await work();
      deal.reload();
    });

  if (deal.error && !deal.data)
    return (
      <section>
        <p role="alert">{errorMessage(deal.error)}</p>
        <Link href={base}>Back to the pipeline</Link>
      </section>
    );
  if (!deal.data) return <p>Loading deal…</p>;
  const data = deal.data;
  const moves = dealMoves(relation, data.stage);

  const addNote = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => api.post(`/deals/${dealId}/notes`, { body: note }))) setNote('');
  };

  return (
    <article className="deal-page">
      <Link href={base} className="back-link">
        ← Pipeline
      </Link>
      <header className="record-header">
        <div>
          <h2>{data.name}</h2>
          <p className="muted">
            {data.customerName}
            {data.customerDomain && ` · ${data.customerDomain}`} ·{' '}
            <span className={`status stage-${data.stage}`} data-testid="deal-stage">
              {label(data.stage)}
            </span>
          </p>
        </div>
        <p className="record-value">{formatMoney(data.value)}</p>
      </header>
      {moves.length > 0 && (
        <label className="inline-form-row">
          Stage
          <select
            value={data.stage}
            disabled={busy}
            onChange={(e) => run(() => api.patch(`/deals/${dealId}`, { stage: e.target.value }))}
          >
            <option value={data.stage}>{label(data.stage)}</option>
            {moves.map((to) => (
              <option key={to} value={to}>
                Move to {label(to)}
              </option>
            ))}
          </select>
        </label>
      )}
      <FormError error={error} />
      <dl className="record-fields">
        <dt>Probability</dt>
        <dd>{data.probability}%</dd>
        <dt>Expected close</dt>
        <dd>{data.expectedCloseDate ?? '—'}</dd>
        <dt>Commission rate</dt>
        <dd>{data.commissionRate}%</dd>
        <dt>{data.earnedCommission ? 'Earned commission' : 'Expected commission'}</dt>
        <dd>
          {data.earnedCommission
            ? formatMoney(data.earnedCommission)
            : data.expectedCommission
              ? formatMoney(data.expectedCommission)
              : '—'}
        </dd>
        <dt>Registered by</dt>
        <dd>{nameOf(data.registeredById)}</dd>
        <dt>Products</dt>
        <dd>{data.products.length ? data.products.join(', ') : '—'}</dd>
        {data.sourceLeadId && (
          <>
            <dt>Source lead</dt>
            <dd>
              <Link href={`/c/${companyId}/leads?lead=${data.sourceLeadId}`}>Open the lead</Link>
            </dd>
          </>
        )}
      </dl>
      <div className="deal-columns">
        <section aria-labelledby="deal-notes">
          <h3 id="deal-notes">Notes</h3>
          {(data.notes ?? []).length === 0 && <p className="empty-text">No notes yet.</p>}
          <ul className="notes">
            {(data.notes ?? []).map((n) => (
              <li key={n.id}>
                <p className="muted">
                  {nameOf(n.authorId)} · {when(n.createdAt)}
                </p>
                <p className="pre-line">{n.body}</p>
              </li>
            ))}
          </ul>
          <form onSubmit={addNote}>
            <label htmlFor="deal-note">Add a note</label>
            <textarea id="deal-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
            <button type="submit" className="primary" disabled={busy || !note.trim()}>
              Add note
            </button>
          </form>
        </section>
        <section aria-labelledby="deal-history">
          <h3 id="deal-history">Stage history</h3>
          <ol className="history">
            {(data.stageHistory ?? []).map((h, i) => (
              <li key={i}>
                {h.from ? `${label(h.from)} → ${label(h.to)}` : `Opened in ${label(h.to)}`}{' '}
                <span className="muted">
                  by {nameOf(h.byId)}, {when(h.at)}
                </span>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

function Commissions({ room, companyId, relation }: { room: Room; companyId: string; relation: Relation }) {
  const { api } = useWorkspace();
  const base = roomPath(companyId, room);
  const [status, setStatus] = useState('');
  const ledger = useAsync(
    (signal) =>
      api.get<CommissionPage>(
        `/commissions?companyId=${companyId}&limit=200${status ? `&status=${status}` : ''}`,
        signal,
      ),
    [api, companyId, status],
  );
  const [error, setError] = useState<unknown>(null);
  const [declining, setDeclining] = useState<{ id: string; reason: string } | null>(null);
  useRoomActivity(
    room.id,
    (event) => event.entity === 'commission' || event.type === 'deal.won',
    ledger.reload,
  );
  const decide = canDecideCommission(relation);

  const transition = async (id: string, to: string, reason?: string) => {
    setError(null);
    try {
      await api.post(`/commissions/${id}/transitions`, { to, ...(reason ? { reason } : {}) });
      setDeclining(null);
      ledger.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="commissions">
      <div className="toolbar">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {['pending', 'approved', 'paid', 'declined'].map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {ledger.data && ledger.data.totals.length > 0 && (
        <dl className="totals">
          {ledger.data.totals.map((t) => (
            <div key={t.currency} className="total-group">
              <dt>{t.currency}</dt>
              <dd>
                Expected {formatMoney({ amount: t.expected, currency: t.currency })} · Pending{' '}
                {formatMoney({ amount: t.pending, currency: t.currency })} · Approved{' '}
                {formatMoney({ amount: t.approved, currency: t.currency })} · Paid{' '}
                {formatMoney({ amount: t.paid, currency: t.currency })}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <FormError error={error} />
      {ledger.error && <p role="alert">{errorMessage(ledger.error)}</p>}
      {!ledger.data && !ledger.error && <p>Loading the ledger…</p>}
      {ledger.data && ledger.data.items.length === 0 && (
        <p className="empty-text">No commissions yet. Won deals earn them.</p>
      )}
      {ledger.data && ledger.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Commission ledger</caption>
            <thead>
              <tr>
                <th scope="col">Deal</th>
                <th scope="col">Deal value</th>
                <th scope="col">Rate</th>
                <th scope="col">Commission</th>
                <th scope="col">Status</th>
                <th scope="col">Paid</th>
                {decide && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {ledger.data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link href={`${base}?deal=${c.dealId}`}>
                      Deal of {new Date(c.createdAt).toLocaleDateString()}
                    </Link>
                  </th>
                  <td className="number">{formatMoney(c.dealValue)}</td>
                  <td className="number">{c.rate}%</td>
                  <td className="number">{formatMoney(c.amount)}</td>
                  <td>
                    <span className={`status commission-${c.status}`}>{label(c.status)}</span>
                    {c.reason && <span className="muted"> ({c.reason})</span>}
                  </td>
                  <td>{c.paidAt ? new Date(c.paidAt).toLocaleDateString() : '—'}</td>
                  {decide && (
                    <td>
                      {declining?.id === c.id ? (
                        <form
                          className="inline-form-row"
                          onSubmit={(event) => {
                            event.preventDefault();
                            void transition(c.id, 'declined', declining.reason);
                          }}
                        >
                          <label>
                            Reason
                            <input
                              value={declining.reason}
                              onChange={(e) => setDeclining({ id: c.id, reason: e.target.value })}
                              required
                            />
                          </label>
                          <button type="submit" className="danger" disabled={!declining.reason.trim()}>
                            Decline
                          </button>
                        </form>
                      ) : (
                        (COMMISSION_MOVES[c.status] ?? []).map((to) => (
                          <button
                            key={to}
                            type="button"
                            onClick={() =>
                              to === 'declined'
                                ? setDeclining({ id: c.id, reason: '' })
                                : transition(c.id, to)
                            }
                          >
                            {to === 'approved' ? 'Approve' : to === 'paid' ? 'Mark paid' : 'Decline'}
                          </button>
                        ))
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
