import { useState, type FormEvent } from 'react';
import type { Page, Room } from '../api/types';
import { useWorkspace } from '../app/session-context';
import { useAsync } from '../app/use-async';
import { errorMessage, Field, fieldErrors } from '../pages/form-field';
import { ROOM_LABELS } from '../shell/room-paths';
import type { Company } from './admin-types';
import { ActionResult, NamedOptions, SelectField } from './controls';
import { useAction } from './use-action';
import { announceWorkspaceChanged } from './workspace-events';

/** Which rooms a partner company has: enable or disable each, add custom rooms. */
export function RoomsPanel() {
  const { api } = useWorkspace();
  const companies = useAsync(
    async (signal) => (await api.get<Page<Company>>('/companies?limit=200', signal)).items,
    [api],
  );
  const [chosen, setChosen] = useState('');
  const companyId = chosen || companies.data?.[0]?.id || '';
  const rooms = useAsync(
    async (signal) => (companyId ? api.get<Room[]>(`/companies/${companyId}/rooms`, signal) : []),
    [api, companyId],
  );
  const toggle = useAction();
  // The box shows the choice at once; a refusal puts it back.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [name, setName] = useState('');
  const create = useAction();
  const fields = fieldErrors(create.error);

  const setEnabled = (room: Room, enabled: boolean) =>
    toggle
      .run(async () => {
        setPending((map) => ({ ...map, [room.id]: enabled }));
        const saved = await api.patch<Room>(`/companies/${companyId}/rooms/${room.id}`, { enabled });
        announceWorkspaceChanged();
        return `${saved.name} ${saved.enabled ? 'enabled' : 'disabled'}.`;
      })
      .then((ok) => {
        if (ok) return;
        setPending((map) => {
          const next = { ...map };
          delete next[room.id];
          return next;
        });
      });

  const addRoom = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await create.run(async () => {
      await api.post(`/companies/${companyId}/rooms`, { kind: 'custom', name: name.trim() });
      return `${name.trim()} added.`;
    });
    if (ok) {
      setName('');
      rooms.reload();
      announceWorkspaceChanged();
    }
  };

  if (companies.error) return <p role="alert">{errorMessage(companies.error)}</p>;
  if (!companies.data) return <p>Loading companies…</p>;
  if (companies.data.length === 0) return <p className="empty-text">Add a partner company first.</p>;
  const sorted = [...(rooms.data ?? [])].sort((a, b) => a.position - b.position);
  return (
    <section aria-label="Rooms">
      <SelectField label="Company" value={companyId} onChange={(e) => setChosen(e.target.value)}>
        <NamedOptions items={companies.data} />
      </SelectField>
      {rooms.error && <p role="alert">{errorMessage(rooms.error)}</p>}
      <fieldset className="room-toggles">
        <legend>Rooms this company has</legend>
        {sorted.map((room) => (
          <label key={room.id} className="ws-toggle">
            <input
              type="checkbox"
              checked={pending[room.id] ?? room.enabled}
              disabled={toggle.busy}
              onChange={(e) => setEnabled(room, e.target.checked)}
            />
            <span>
              {room.name || ROOM_LABELS[room.kind]}
              {room.kind === 'custom' && <span className="ws-muted"> (custom)</span>}
            </span>
          </label>
        ))}
      </fieldset>
      <ActionResult error={toggle.error} done={toggle.done} />
      <form className="ws-form" onSubmit={addRoom} noValidate aria-label="Add a custom room">
        <h2>Add a custom room</h2>
        <Field
          label="Room name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fields.name}
        />
        <ActionResult error={create.error} done={create.done} />
        <button type="submit" className="primary" disabled={create.busy}>
          Add room
        </button>
      </form>
    </section>
  );
}
