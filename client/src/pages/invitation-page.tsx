import { useState, type FormEvent } from 'react';
import { ApiError, type ApiClient } from '../api/api-client';
import type { LoginResponse } from '../api/types';
import { navigate } from '../app/router';
import { AuthLayout } from './auth-layout';
import { Field, fieldErrors, FormError } from './form-field';

export function InvitationPage({ api, token }: { api: ApiClient; token: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<LoginResponse>(
        `/invitations/${encodeURIComponent(token)}/accept`,
        { name, password },
        { anonymous: true },
      );
      api.begin(result);
      navigate('/', { replace: true });
    } catch (reason) {
      setError(
        reason instanceof ApiError && reason.status === 404
          ? new Error('This invitation is unknown, already used or expired. Ask for a new one.')
          : reason,
      );
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Accept your invitation">
      <p>Choose your name and a password to join the workspace.</p>
      <form onSubmit={submit} noValidate>
        <Field
          label="Your name"
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fields.name}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
        />
        <FormError error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Joining…' : 'Join workspace'}
        </button>
      </form>
    </AuthLayout>
  );
}
