import { useState, type FormEvent } from 'react';
import type { Page, Room } from '../../api/types';
import { Link, navigate, useLocation } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { useAction } from '../../admin/use-action';
import { errorMessage, FormError } from '../../pages/form-field';
import { roomPath } from '../../shell/room-paths';
import { useRoomActivity } from '../use-room-activity';
import { LeadForm } from './lead-form';
import {
  canConvertLead,
  canDecideExtension,
  canRequestExtension,
  canSubmitLead,
  formatMoney,
  label,
  LEAD_STATUSES,
  leadActions,
  type LeadAction,
  type Relation,
} from './lead-rules';
import type { Deal, Lead } from './leads-types';
import { useCompanyRelation } from './use-company-relation';
import { usePeople } from './use-people';
import './leads.css';

const SORTS = [
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-value', label: 'Highest value' },
  { value: 'customerName', label: 'Customer A–Z' },
];

function date(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString() : '—';
}

/** The leads room: the list with filters, the submit form, and one lead with its workflow. */
export default function LeadsPage({ room, companyId }: { room: Room; companyId: string }) {
  const { search } = useLocation();
  const relation = useCompanyRelation(companyId);
  const base = roomPath(companyId, room);
  const leadId = search.get('lead');

  if (!relation) return <p>Loading…</p>;
  if (leadId)
    return <LeadPage key={leadId} room={room} companyId={companyId} leadId={leadId} relation={relation} />;
  if (search.get('new') === '1' && canSubmitLead(relation))
    return (
      <LeadForm
        companyId={companyId}
        onCreated={(lead) => navigate(`${base}?lead=${lead.id}`, { replace: true })}
        onCancel={() => navigate(base)}
      />
    );
  return <LeadList room={room} companyId={companyId} relation={relation} />;
}

function LeadList({ room, companyId, relation }: { room: Room; companyId: string; relation: Relation }) {
  const { api } = useWorkspace();
  const base = roomPath(companyId, room);
  const [status, setStatus] = useState('');
  const [sort, setSort] = useState('-createdAt');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const leads = useAsync(
    (signal) => {
      const params = new URLSearchParams({ companyId, limit: '200', sort });
      if (status) params.set('status', status);
      if (query) params.set('q', query);
      return api.get<Page<Lead>>(`/leads?${params}`, signal);
    },
    [api, companyId, status, sort, query],
  );
  useRoomActivity(room.id, (event) => event.entity === 'lead', leads.reload);

  const applySearch = (event: FormEvent) => {
    event.preventDefault();
    setQuery(q.trim());
  };

  return (
    <section className="leads">
      <div className="toolbar">
        <form className="filters" role="search" aria-label="Filter leads" onSubmit={applySearch}>
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">Any status</option>
              {LEAD_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {label(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Sort
            <select value={sort} onChange={(e) => setSort(e.target.value)}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Search
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Customer, domain, contact"
            />
          </label>
          <button type="submit">Apply</button>
        </form>
        {canSubmitLead(relation) && (
          <Link href={`${base}?new=1`} className="button-link primary">
            Register a lead
          </Link>
        )}
      </div>
      {leads.error && <p role="alert">{errorMessage(leads.error)}</p>}
      {!leads.data && !leads.error && <p>Loading leads…</p>}
      {leads.data && leads.data.items.length === 0 && <p className="empty-text">No leads match.</p>}
      {leads.data && leads.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Leads</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Domain</th>
                <th scope="col">Status</th>
                <th scope="col">Value</th>
                <th scope="col">Submitted</th>
                <th scope="col">Protected until</th>
              </tr>
            </thead>
            <tbody>
              {leads.data.items.map((lead) => (
                <tr key={lead.id}>
                  <th scope="row">
                    <Link href={`${base}?lead=${lead.id}`}>{lead.customerName}</Link>
                    {lead.conflict && <span className="flag"> Conflict</span>}
                  </th>
                  <td>{lead.customerDomain}</td>
                  <td>
                    <span className={`status lead-${lead.status}`}>{label(lead.status)}</span>
                  </td>
                  <td className="number">{formatMoney(lead.estimatedValue)}</td>
                  <td>{date(lead.createdAt)}</td>
                  <td>{date(lead.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function LeadPage({
  room,
  companyId,
  leadId,
  relation,
}: {
  room: Room;
  companyId: string;
  leadId: string;
  relation: Relation;
}) {
  const { api } = useWorkspace();
  const nameOf = usePeople(companyId);
  const lead = useAsync((signal) => api.get<Lead>(`/leads/${leadId}`, signal), [api, leadId]);
  const action = useAction();
  const { busy, error } = action;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [extension, setExtension] = useState({ open: false, reason: '', days: '30' });
  useRoomActivity(room.id, (event) => event.entityId === leadId, lead.reload);
  const base = roomPath(companyId, room);

  /** A write of this lead: busy while it runs, its error shown, the lead reloaded after it. */
  const run = (work: () => Promise<unknown>) =>
    action.run(async () => {
      await work();
      lead.reload();
    });

  if (lead.error && !lead.data)
    return (
      <section>
        <p role="alert">{errorMessage(lead.error)}</p>
        <Link href={base}>Back to leads</Link>
      </section>
    );
  if (!lead.data) return <p>Loading lead…</p>;
  const data = lead.data;

  const act = (action: LeadAction) => {
    if (action.needsReason) return setRejecting(true);
    void run(() => api.post(`/leads/${leadId}/transitions`, { to: action.to }));
  };

  const convert = () =>
    run(async () => {
      const deal = await api.post<Deal>(`/leads/${leadId}/convert`);
      navigate(`/c/${companyId}/deals?deal=${deal.id}`);
    });

  return (
    <article className="lead-page">
      <Link href={base} className="back-link">
        ← All leads
      </Link>
      <header className="record-header">
        <div>
          <h2>{data.customerName}</h2>
          <p className="muted">
            {data.customerDomain} · {data.country} ·{' '}
            <span className={`status lead-${data.status}`} data-testid="lead-status">
              {label(data.status)}
            </span>
          </p>
        </div>
        <p className="record-value">{formatMoney(data.estimatedValue)}</p>
      </header>
      {data.conflict && (
        <p className="conflict-warning">
          <strong>Possible conflict</strong> with another registration of this customer.
        </p>
      )}
      {data.statusReason && (
        <p>
          <strong>Reason:</strong> {data.statusReason}
        </p>
      )}
      <div className="record-actions">
        {leadActions(relation, data.status).map((action) => (
          <button
            key={action.to}
            type="button"
            className={action.primary ? 'primary' : undefined}
            disabled={busy}
            onClick={() => act(action)}
          >
            {action.label}
          </button>
        ))}
        {canConvertLead(relation, data) && (
          <button type="button" disabled={busy} onClick={convert}>
            Convert to deal
          </button>
        )}
        {data.dealId && <Link href={`/c/${companyId}/deals?deal=${data.dealId}`}>Open the deal</Link>}
        {canRequestExtension(relation, data) && !extension.open && (
          <button type="button" onClick={() => setExtension((e) => ({ ...e, open: true }))}>
            Ask for an extension
          </button>
        )}
        {canDecideExtension(relation, data) && (
          <>
            <button
              type="button"
              disabled={busy}
              onClick={() => run(() => api.post(`/leads/${leadId}/extension/decision`, { grant: true }))}
            >
              Grant extension
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => run(() => api.post(`/leads/${leadId}/extension/decision`, { grant: false }))}
            >
              Refuse extension
            </button>
          </>
        )}
      </div>
      {rejecting && (
        <form
          className="inline-form-row"
          onSubmit={async (event) => {
            event.preventDefault();
            if (await run(() => api.post(`/leads/${leadId}/transitions`, { to: 'rejected', reason }))) {
              setRejecting(false);
              setReason('');
            }
          }}
        >
          <label>
            Reason for rejecting (shown to the partner)
            <input value={reason} onChange={(e) => setReason(e.target.value)} required />
          </label>
          <button type="submit" className="danger" disabled={busy || !reason.trim()}>
            Reject lead
          </button>
          <button type="button" onClick={() => setRejecting(false)}>
            Cancel
          </button>
        </form>
      )}
      {extension.open && (
        <form
          className="inline-form-row"
          onSubmit={async (event) => {
            event.preventDefault();
            const ok = await run(() =>
              api.post(`/leads/${leadId}/extension`, {
                reason: extension.reason,
                days: Number(extension.days),
              }),
            );
            if (ok) setExtension({ open: false, reason: '', days: '30' });
          }}
        >
          <label>
            Why the extension
            <input
              value={extension.reason}
              onChange={(e) => setExtension((x) => ({ ...x, reason: e.target.value }))}
              required
            />
          </label>
          <label>
            Days
            <input
              type="number"
              min={1}
              max={365}
              value={extension.days}
              onChange={(e) => setExtension((x) => ({ ...x, days: e.target.value }))}
            />
          </label>
          <button type="submit" className="primary" disabled={busy || !extension.reason.trim()}>
            Ask
          </button>
          <button type="button" onClick={() => setExtension((x) => ({ ...x, open: false }))}>
            Cancel
          </button>
        </form>
      )}
      <FormError error={error} />
      <dl className="record-fields">
        <dt>Contact</dt>
        <dd>
          {data.contactName} · <a href={`mailto:${data.contactEmail}`}>{data.contactEmail}</a>
          {data.contactPhone && ` · ${data.contactPhone}`}
        </dd>
        <dt>Products</dt>
        <dd>{data.products.length ? data.products.join(', ') : '—'}</dd>
        <dt>Registered by</dt>
        <dd>{nameOf(data.registeredById ?? data.submittedById)}</dd>
        <dt>Submitted</dt>
        <dd>{date(data.createdAt)}</dd>
        <dt>Protected until</dt>
        <dd>{date(data.expiresAt)}</dd>
        {data.extension && (
          <>
            <dt>Extension</dt>
            <dd>{label(data.extension.status)}</dd>
          </>
        )}
        {data.notes && (
          <>
            <dt>Notes</dt>
            <dd className="pre-line">{data.notes}</dd>
          </>
        )}
      </dl>
      {data.conflicts && data.conflicts.length > 0 && (
        <section>
          <h3>Conflicting registrations</h3>
          <ul>
            {data.conflicts.map((c) => (
              <li key={c.leadId}>
                {c.customerName} ({c.customerDomain}) — {c.companyName}, {label(c.status)}; matches{' '}
                {c.reasons.join(', ')}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
