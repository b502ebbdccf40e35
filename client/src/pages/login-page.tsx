import { useState, type FormEvent } from 'react';
import { ApiError, type ApiClient } from '../api/api-client';
import { navigate, useLocation } from '../app/router';
import { AuthLayout } from './auth-layout';
import { Field, FormError } from './form-field';

export function LoginPage({
  api,
  notice,
  onSignedIn,
}: {
  api: ApiClient;
  notice: string | null;
  onSignedIn: () => void;
}) {
  const { path } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.login(email.trim(), password);
      onSignedIn();
      if (path === '/login') navigate('/', { replace: true });
    } catch (reason) {
      setError(
        reason instanceof ApiError && reason.status === 401
          ? new Error('That email and password do not match an account.')
          : reason,
      );
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Sign in">
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormError error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
