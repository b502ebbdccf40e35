import { useState, type FormEvent } from 'react';
import type { Page, Role } from '../api/types';
import { useWorkspace } from '../app/session-context';
import { useAsync } from '../app/use-async';
import { errorMessage, Field, fieldErrors } from '../pages/form-field';
import { invitableRoles, isPartnerRole, pendingInvitations, ROLE_LABELS } from './admin-logic';
import type { Company, Invitation, WorkspaceUser } from './admin-types';
import { ActionResult, NamedOptions, SearchBox, SelectField } from './controls';
import { useAction } from './use-action';

/** People of the workspace: invite by email with a role and company, pending invitations, disable/enable. */
export function UsersPanel() {
  const { api, me } = useWorkspace();
  const [q, setQ] = useState('');
  const [companyFilter, setCompanyFilter] = useState('');
  const companies = useAsync(
    async (signal) => (await api.get<Page<Company>>('/companies?limit=200', signal)).items,
    [api],
  );
  const users = useAsync(
    (signal) => {
      const params = new URLSearchParams({ limit: '200' });
      if (q.trim()) params.set('q', q.trim());
      if (companyFilter) params.set('companyId', companyFilter);
      return api.get<Page<WorkspaceUser>>(`/users?${params}`, signal);
    },
    [api, q, companyFilter],
  );
  const [link, setLink] = useState<Invitation | null>(null);
  const rowAction = useAction();
  const companyName = (id: string | null) =>
    id ? (companies.data?.find((c) => c.id === id)?.name ?? '…') : 'Vendor';
  // Channel managers invite into the companies they own; admins anywhere.
  const invitable = (companies.data ?? []).filter((c) => me.role === 'admin' || c.ownerId === me.user.id);
  const list = users.data?.items ?? [];
  const pending = pendingInvitations(list);

  const resend = (user: WorkspaceUser) =>
    rowAction.run(async () => {
      const invitation = await api.post<Invitation>('/invitations', {
        email: user.email,
        role: user.role,
        ...(user.companyId ? { companyId: user.companyId } : {}),
      });
      setLink(invitation);
      return `Invitation sent again to ${user.email}.`;
    });
  const setStatus = (user: WorkspaceUser, status: 'active' | 'disabled', message: string) =>
    rowAction.run(async () => {
      await api.patch(`/users/${user.id}`, { status });
      users.reload();
      return message;
    });

  return (
    <section aria-label="Users and invitations">
      <InviteForm
        roles={invitableRoles(me.role)}
        companies={invitable}
        onInvited={(invitation) => {
          setLink(invitation);
          users.reload();
        }}
      />
      {link && (
        <div className="invite-link" role="status">
          <p>
            Invitation for <strong>{link.email}</strong>, valid until{' '}
            {new Date(link.expiresAt).toLocaleDateString()}.
          </p>
          <label>
            Invitation link
            <input readOnly value={link.acceptUrl} onFocus={(e) => e.target.select()} />
          </label>
        </div>
      )}

      <h2>Pending invitations</h2>
      <ActionResult error={rowAction.error} done={rowAction.done} />
      {pending.length === 0 ? (
        <p className="empty-text">No pending invitations.</p>
      ) : (
        <ul className="ws-cards" aria-label="Pending invitations">
          {pending.map((user) => (
            <li key={user.id} className="ws-card ws-row-card">
              <span>
                <strong>{user.email}</strong> · {ROLE_LABELS[user.role]} · {companyName(user.companyId)}
              </span>
              <span className="ws-row-actions">
                <button
                  type="button"
                  disabled={rowAction.busy}
                  onClick={() => resend(user)}
                  aria-label={`Resend invitation to ${user.email}`}
                >
                  Resend
                </button>
                <button
                  type="button"
                  disabled={rowAction.busy}
                  onClick={() => setStatus(user, 'disabled', `Invitation for ${user.email} revoked.`)}
                  aria-label={`Revoke invitation to ${user.email}`}
                >
                  Revoke
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>Users</h2>
      <div className="ws-toolbar">
        <SearchBox label="Search users" placeholder="Search by name or email" value={q} onChange={setQ} />
        <label>
          <span className="visually-hidden">Company</span>
          <select
            aria-label="Filter by company"
            value={companyFilter}
            onChange={(e) => setCompanyFilter(e.target.value)}
          >
            <option value="">All companies</option>
            <NamedOptions items={companies.data ?? []} />
          </select>
        </label>
      </div>
      {users.error && <p role="alert">{errorMessage(users.error)}</p>}
      {!users.data ? (
        <p>Loading users…</p>
      ) : (
        <div className="ws-table-wrap">
          <table className="ws-table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Company</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.name}</th>
                  <td>{user.email}</td>
                  <td>{ROLE_LABELS[user.role]}</td>
                  <td>{companyName(user.companyId)}</td>
                  <td>{user.status}</td>
                  <td>
                    {user.id !== me.user.id && user.status === 'active' && (
                      <button
                        type="button"
                        disabled={rowAction.busy}
                        onClick={() => setStatus(user, 'disabled', `${user.name} disabled.`)}
                        aria-label={`Disable ${user.name}`}
                      >
                        Disable
                      </button>
                    )}
                    {user.status === 'disabled' && user.id !== me.user.id && (
                      <button
                        type="button"
                        disabled={rowAction.busy}
                        onClick={() => setStatus(user, 'active', `${user.name} enabled.`)}
                        aria-label={`Enable ${user.name}`}
                      >
                        Enable
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function InviteForm({
  roles,
  companies,
  onInvited,
}: {
  roles: Role[];
  companies: Company[];
  onInvited: (invitation: Invitation) => void;
}) {
  const { api } = useWorkspace();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>(roles.find(isPartnerRole) ?? roles[0] ?? 'partner_member');
  const [companyId, setCompanyId] = useState('');
  const action = useAction();
  const fields = fieldErrors(action.error);
  const partnerRole = isPartnerRole(role);
  const chosenCompany = companyId || companies[0]?.id || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      const invitation = await api.post<Invitation>('/invitations', {
        email: email.trim(),
        role,
        ...(partnerRole && chosenCompany ? { companyId: chosenCompany } : {}),
      });
      setEmail('');
      onInvited(invitation);
      return `Invitation sent to ${invitation.email}.`;
    });
  };

  return (
    <form className="ws-form" onSubmit={submit} noValidate aria-label="Invite someone">
      <h2>Invite someone</h2>
      <Field
        label="Email address"
        type="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fields.email}
      />
      <SelectField
        label="Role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
        error={fields.role}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </SelectField>
      {partnerRole && (
        <SelectField
          label="Company"
          value={chosenCompany}
          onChange={(e) => setCompanyId(e.target.value)}
          error={fields.companyId}
        >
          <NamedOptions items={companies} />
        </SelectField>
      )}
      <ActionResult error={action.error} done={null} />
      <button type="submit" className="primary" disabled={action.busy || roles.length === 0}>
        Send invitation
      </button>
    </form>
  );
}
