import { useEffect, useState } from 'react';
import { useWorkspace } from '../app/session-context';
import { useAsync } from '../app/use-async';
import { errorMessage } from '../pages/form-field';

type Channel = 'inApp' | 'email';
type Settings = Record<string, { inApp: boolean; email: boolean }>;

/** The kinds the server lets a user switch (GET /me/notification-settings), in its order, with labels. */
const KIND_LABELS: Record<string, string> = {
  mentions: 'Mentions',
  directMessages: 'Direct messages',
  planShared: 'Plan shared with me',
  leadStatus: 'Lead status changes',
  dealWon: 'Deals won',
  taskAssigned: 'Tasks assigned and due',
  announcements: 'Announcements',
  monthlyPlanProgress: 'Monthly plan progress',
};
const CHANNELS: Array<{ key: Channel; label: string }> = [
  { key: 'inApp', label: 'In app' },
  { key: 'email', label: 'Email' },
];

export default function NotificationSettingsPage() {
  const { api } = useWorkspace();
  const loaded = useAsync((signal) => api.get<Settings>('/me/notification-settings', signal), [api]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) setSettings(loaded.data);
  }, [loaded.data]);

  const change = async (kind: string, channel: Channel, value: boolean) => {
    if (!settings) return;
    const before = settings;
    setSettings({ ...settings, [kind]: { ...settings[kind], [channel]: value } });
    setError(null);
    setSaved(null);
    try {
      const next = await api.patch<Settings>('/me/notification-settings', { [kind]: { [channel]: value } });
      setSettings(next);
      setSaved('Saved.');
    } catch (reason) {
      setSettings(before);
      setError(reason);
    }
  };

  return (
    <section className="settings">
      <h1>Notification settings</h1>
      <p>Choose how you hear about each kind of event.</p>
      {loaded.error && <p role="alert">{errorMessage(loaded.error)}</p>}
      {!settings ? (
        <p>Loading…</p>
      ) : (
        <div className="ws-table-wrap">
          <table className="ws-table settings-table">
            <caption className="visually-hidden">Notification channels per kind</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                {CHANNELS.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Object.keys(settings).map((kind) => (
                <tr key={kind}>
                  <th scope="row">{KIND_LABELS[kind] ?? kind}</th>
                  {CHANNELS.map((c) => (
                    <td key={c.key}>
                      <input
                        type="checkbox"
                        aria-label={`${KIND_LABELS[kind] ?? kind}: ${c.label.toLowerCase()}`}
                        checked={settings[kind][c.key]}
                        onChange={(e) => change(kind, c.key, e.target.checked)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      {saved && (
        <p role="status" className="form-done">
          {saved}
        </p>
      )}
    </section>
  );
}
