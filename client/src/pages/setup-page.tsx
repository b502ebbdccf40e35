import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/api-client';
import type { LoginResponse } from '../api/types';
import { AuthLayout } from './auth-layout';
import { Field, fieldErrors, FormError } from './form-field';

/** First run: the server has no workspace yet; this creates it and its first admin. */
export function SetupPage({ api, onDone }: { api: ApiClient; onDone: () => void }) {
  const [form, setForm] = useState({ workspaceName: '', name: '', email: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<LoginResponse>('/setup', form, { anonymous: true });
      api.begin(result);
      onDone();
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Set up your workspace">
      <p>This server is new. Name your workspace and create its first administrator.</p>
      <form onSubmit={submit} noValidate>
        <Field
          label="Workspace name"
          required
          value={form.workspaceName}
          onChange={set('workspaceName')}
          error={fields.workspaceName}
        />
        <Field
          label="Your name"
          autoComplete="name"
          required
          value={form.name}
          onChange={set('name')}
          error={fields.name}
        />
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={form.email}
          onChange={set('email')}
          error={fields.email}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={set('password')}
          error={fields.password}
        />
        <FormError error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create workspace'}
        </button>
      </form>
    </AuthLayout>
  );
}
