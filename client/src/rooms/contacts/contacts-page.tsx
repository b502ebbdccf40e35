import { useEffect, useState, type FormEvent } from 'react';
import type { Room } from '../../api/types';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { ActionResult, SelectField, TextAreaField } from '../../admin/controls';
import { downloadFile } from '../../admin/download';
import { useAction } from '../../admin/use-action';
import { errorMessage, Field, fieldErrors } from '../../pages/form-field';
import { colorFor, initials } from '../../shell/avatar-colors';
import { useRoomActivity } from '../use-room-activity';

export type ContactPreference = 'messages' | 'email' | 'phone';

export interface Contact {
  userId: string;
  name: string;
  email: string;
  side: 'vendor' | 'partner';
  role: string;
  partnershipRole: string | null;
  title: string;
  responsibilities: string;
  phone: string;
  timezone: string;
  contactPreference: ContactPreference;
  online: boolean;
}

const PREFERENCE_LABELS: Record<ContactPreference, string> = {
  messages: 'Messages',
  email: 'Email',
  phone: 'Phone',
};

/** Both sides' people as cards, with who is online, how they like to be reached, and their vCard. */
export default function ContactsPage({ room, companyId }: { room: Room; companyId: string }) {
  const { api, me, realtime } = useWorkspace();
  const contacts = useAsync(
    (signal) => api.get<Contact[]>(`/companies/${companyId}/contacts`, signal),
    [api, companyId],
  );
  useRoomActivity(
    room.id,
    (event) => event.entity === 'user' || event.type.startsWith('contact'),
    contacts.reload,
  );
  // Who is in this room right now counts as online too, and changes live.
  const [here, setHere] = useState<Set<string>>(
    () => new Set(realtime.presenceOf(room.id).map((u) => u.userId)),
  );
  useEffect(
    () =>
      realtime.onPresence((list) => {
        if (list.roomId === room.id) setHere(new Set(list.users.map((u) => u.userId)));
      }),
    [realtime, room.id],
  );
  const [editing, setEditing] = useState(false);
  const download = useAction();

  if (contacts.error && !contacts.data) return <p role="alert">{errorMessage(contacts.error)}</p>;
  if (!contacts.data) return <p>Loading contacts…</p>;
  const mine = contacts.data.find((c) => c.userId === me.user.id);
  const sides: Array<{ side: Contact['side']; title: string }> = [
    { side: 'vendor', title: `${me.workspace.name} team` },
    { side: 'partner', title: 'Partner team' },
  ];

  return (
    <div className="contacts">
      {mine && !editing && (
        <button type="button" onClick={() => setEditing(true)}>
          Edit my card
        </button>
      )}
      {mine && editing && (
        <ProfileForm
          contact={mine}
          onDone={() => {
            setEditing(false);
            contacts.reload();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      <ActionResult error={download.error} done={null} />
      {sides.map(({ side, title }) => {
        const people = contacts.data!.filter((c) => c.side === side);
        if (people.length === 0) return null;
        return (
          <section key={side} aria-label={title}>
            <h2>{title}</h2>
            <ul className="contact-cards">
              {people.map((c) => {
                const online = c.online || here.has(c.userId);
                return (
                  <li key={c.userId} className="ws-card contact-card" aria-label={c.name}>
                    <span
                      className="avatar contact-avatar"
                      style={{ backgroundColor: colorFor(c.userId) }}
                      aria-hidden="true"
                    >
                      {initials(c.name)}
                      <span className={`presence-dot ${online ? 'online' : ''}`} />
                    </span>
                    <div className="contact-body">
                      <h3 className="ws-card-title">{c.name}</h3>
                      <p className="ws-muted">
                        {[c.partnershipRole, c.title].filter(Boolean).join(' · ') ||
                          c.role.replace(/_/g, ' ')}
                      </p>
                      <p className="presence-text">{online ? 'Online' : 'Offline'}</p>
                      <p>
                        Prefers{' '}
                        <strong>{PREFERENCE_LABELS[c.contactPreference] ?? c.contactPreference}</strong>
                      </p>
                      <p>
                        <a href={`mailto:${c.email}`}>{c.email}</a>
                        {c.phone && (
                          <>
                            {' · '}
                            <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>
                          </>
                        )}
                      </p>
                      {c.timezone && <p className="ws-muted">{c.timezone}</p>}
                      {c.responsibilities && <p>{c.responsibilities}</p>}
                      <button
                        type="button"
                        disabled={download.busy}
                        aria-label={`Download vCard: ${c.name}`}
                        onClick={() =>
                          download.run(() =>
                            downloadFile(
                              api,
                              `/companies/${companyId}/contacts/${c.userId}/vcard`,
                              'contact.vcf',
                            ),
                          )
                        }
                      >
                        Download vCard
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function ProfileForm({
  contact,
  onDone,
  onCancel,
}: {
  contact: Contact;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { api } = useWorkspace();
  const [draft, setDraft] = useState({
    title: contact.title,
    phone: contact.phone,
    timezone: contact.timezone,
    contactPreference: contact.contactPreference,
    responsibilities: contact.responsibilities,
  });
  const action = useAction();
  const fields = fieldErrors(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api.patch('/me/profile', { ...draft, ...(draft.timezone ? {} : { timezone: undefined }) });
    });
    if (ok) onDone();
  };
  return (
    <form className="ws-form" onSubmit={submit} noValidate aria-label="My contact card">
      <h2>My contact card</h2>
      <Field
        label="Job title"
        value={draft.title}
        onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        error={fields.title}
      />
      <Field
        label="Phone"
        type="tel"
        value={draft.phone}
        onChange={(e) => setDraft({ ...draft, phone: e.target.value })}
        error={fields.phone}
      />
      <Field
        label="Time zone"
        placeholder="Europe/Berlin"
        value={draft.timezone}
        onChange={(e) => setDraft({ ...draft, timezone: e.target.value })}
        error={fields.timezone}
      />
      <SelectField
        label="Preferred channel"
        value={draft.contactPreference}
        onChange={(e) => setDraft({ ...draft, contactPreference: e.target.value as ContactPreference })}
        error={fields.contactPreference}
      >
        {(Object.keys(PREFERENCE_LABELS) as ContactPreference[]).map((p) => (
          <option key={p} value={p}>
            {PREFERENCE_LABELS[p]}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label="Responsibilities"
        rows={3}
        value={draft.responsibilities}
        onChange={(e) => setDraft({ ...draft, responsibilities: e.target.value })}
        error={fields.responsibilities}
      />
      <ActionResult error={action.error} done={null} />
      <div className="ws-form-actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Save my card
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
