import { useEffect, useState, type FormEvent } from 'react';
import { PARTNER_ROLES, type Room } from '../../api/types';
import { Link } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { formatMoney } from '../../admin/admin-logic';
import { ActionResult, TextAreaField } from '../../admin/controls';
import { useAction } from '../../admin/use-action';
import { errorMessage, Field, fieldErrors } from '../../pages/form-field';
import { timeAgo } from '../../notifications/notification-links';
import { planPath } from '../../shell/room-paths';
import { Gauge } from '../plans/gauge';
import { statusLabel } from '../plans/plan-permissions';
import { useRoomActivity } from '../use-room-activity';
import {
  mergeActivity,
  type Announcement,
  type Overview,
  type OverviewActivity,
  type ReadReceipt,
} from './overview-types';

/** The company's overview: figures, plan gauges, activity since the last visit, announcements. */
export default function OverviewPage({ room, companyId }: { room: Room; companyId: string }) {
  const { api, me } = useWorkspace();
  const overview = useAsync(
    (signal) => api.get<Overview>(`/companies/${companyId}/overview`, signal),
    [api, companyId],
  );
  // The server moves the "last visit" marker on every read: keep the first answer's window and add to it.
  const [since, setSince] = useState<string | null | undefined>(undefined);
  const [activity, setActivity] = useState<OverviewActivity[]>([]);
  useEffect(() => {
    const data = overview.data;
    if (!data) return;
    setSince((value) => (value === undefined ? data.activity.since : value));
    setActivity((shown) => mergeActivity(shown, data.activity.items));
  }, [overview.data]);
  useRoomActivity(room.id, () => true, overview.reload);
  const vendor = !PARTNER_ROLES.includes(me.role);

  if (overview.error && !overview.data) return <p role="alert">{errorMessage(overview.error)}</p>;
  if (!overview.data) return <p>Loading overview…</p>;
  const data = overview.data;

  return (
    <div className="overview">
      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading">Figures</h2>
        <dl className="ws-figures">
          <Figure label="Leads this quarter" value={String(data.leads.quarter.total)} />
          <Figure label="Leads this year" value={String(data.leads.year.total)} />
          <Figure label="Deals in progress" value={String(data.deals.inProgress)} />
          <Figure
            label="Pipeline value"
            value={formatMoney(data.deals.value.amount, data.deals.value.currency)}
          />
          <Figure
            label="Commission earned"
            value={formatMoney(data.commissions.earned.amount, data.commissions.earned.currency)}
          />
          <Figure
            label="Commission pending"
            value={formatMoney(data.commissions.pending.amount, data.commissions.pending.currency)}
          />
          {data.tasks && <Figure label="Tasks due soon" value={String(data.tasks.dueSoon)} />}
        </dl>
      </section>

      {data.plans && data.plans.items.length > 0 && (
        <section aria-labelledby="plans-heading">
          <h2 id="plans-heading">Business plans</h2>
          <ul className="tiles" aria-label="Plan gauges">
            {data.plans.items.map((plan) => (
              <li key={plan.id} className="tile">
                <Link href={planPath(companyId, plan.id)} className="tile-link">
                  <span className="tile-title">{plan.name}</span>
                </Link>
                <span className="tile-meta">FY {plan.fiscalYear}</span>
                <span className={`status status-${plan.status}`}>
                  {statusLabel(plan.status as Parameters<typeof statusLabel>[0])}
                </span>
                <Gauge value={plan.overallCompletion} label={`${plan.name} completion`} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">Since your last visit</h2>
        <p className="ws-muted">
          {since ? `Since ${new Date(since).toLocaleString()}` : 'Your first visit: the latest activity.'}
        </p>
        {activity.length === 0 ? (
          <p className="empty-text">Nothing new.</p>
        ) : (
          <ul className="activity-list" aria-label="Recent activity">
            {activity.map((item) => (
              <li key={item.id}>
                <span>{item.summary || item.type}</span>{' '}
                <time className="ws-muted" dateTime={item.at}>
                  {timeAgo(item.at)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="announcements-heading">
        <h2 id="announcements-heading">Announcements</h2>
        {data.announcements.length === 0 ? (
          <p className="empty-text">No announcements.</p>
        ) : (
          <ul className="ws-cards" aria-label="Announcements">
            {data.announcements.map((a) => (
              <AnnouncementCard key={a.id} announcement={a} vendor={vendor} onRead={overview.reload} />
            ))}
          </ul>
        )}
        {(me.role === 'admin' || me.role === 'channel_manager') && (
          <AnnouncementForm companyId={companyId} onPosted={overview.reload} />
        )}
      </section>
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="ws-figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function AnnouncementCard({
  announcement,
  vendor,
  onRead,
}: {
  announcement: Announcement;
  vendor: boolean;
  onRead: () => void;
}) {
  const { api } = useWorkspace();
  const action = useAction();
  const [reads, setReads] = useState<ReadReceipt[] | null>(null);
  return (
    <li className="ws-card announcement">
      <h3 className="ws-card-title">
        {announcement.pinned && <span className="pin">Pinned · </span>}
        {announcement.title}
      </h3>
      <p className="announcement-body">{announcement.body}</p>
      <p className="ws-muted">
        <time dateTime={announcement.publishAt}>{new Date(announcement.publishAt).toLocaleDateString()}</time>
        {vendor && announcement.readCount !== undefined && ` · read by ${announcement.readCount}`}
        {announcement.readAt && ' · You read this'}
      </p>
      <div className="ws-row-actions">
        {!announcement.readAt && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              action.run(async () => {
                await api.post(`/announcements/${announcement.id}/read`);
                onRead();
              })
            }
            aria-label={`Mark as read: ${announcement.title}`}
          >
            Mark as read
          </button>
        )}
        {vendor && (
          <button
            type="button"
            aria-expanded={reads !== null}
            onClick={() =>
              reads
                ? setReads(null)
                : action.run(async () =>
                    setReads(await api.get<ReadReceipt[]>(`/announcements/${announcement.id}/reads`)),
                  )
            }
          >
            Read receipts
          </button>
        )}
      </div>
      {reads && (
        <ul className="receipts" aria-label={`Read receipts: ${announcement.title}`}>
          {reads.length === 0 && <li>Nobody yet.</li>}
          {reads.map((r) => (
            <li key={r.userId}>
              {r.name} · {new Date(r.readAt).toLocaleString()}
            </li>
          ))}
        </ul>
      )}
      <ActionResult error={action.error} done={null} />
    </li>
  );
}

function AnnouncementForm({ companyId, onPosted }: { companyId: string; onPosted: () => void }) {
  const { api } = useWorkspace();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const action = useAction();
  const fields = fieldErrors(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api.post('/announcements', { title: title.trim(), body, audience: { companyIds: [companyId] } });
      return 'Announcement posted.';
    });
    if (ok) {
      setTitle('');
      setBody('');
      onPosted();
    }
  };
  return (
    <form className="ws-form" onSubmit={submit} noValidate aria-label="Post an announcement">
      <h3>Post an announcement to this partner</h3>
      <Field
        label="Title"
        required
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={fields.title}
      />
      <TextAreaField
        label="Message"
        required
        rows={3}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={fields.body}
      />
      <ActionResult error={action.error} done={action.done} />
      <button type="submit" className="primary" disabled={action.busy}>
        Post announcement
      </button>
    </form>
  );
}
