import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../api/api-client';
import { InvitationPage } from '../pages/invitation-page';
import { LoginPage } from '../pages/login-page';
import { SetupPage } from '../pages/setup-page';
import { AppShell } from '../shell/app-shell';
import { matchPath, navigate, useLocation } from './router';

/** Decides between first-run setup, an invitation, the login page and the signed-in shell. */
export function App({ api }: { api: ApiClient }) {
  const session = useSyncExternalStore(
    (callback) => api.store.subscribe(callback),
    () => api.store.current,
  );
  const { path } = useLocation();
  const [needsSetup, setNeedsSetup] = useState<boolean | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    api.onExpired = (message) => {
      setNotice(message);
      navigate('/login', { replace: true });
    };
  }, [api]);

  // Only a signed-out visitor can be looking at a server that still needs its first-run setup.
  const signedIn = session !== null;
  useEffect(() => {
    if (signedIn || needsSetup !== null) return;
    api
      .request<{ needsSetup: boolean }>('GET', '/setup', { anonymous: true })
      .then((status) => setNeedsSetup(status.needsSetup))
      .catch(() => setNeedsSetup(false));
  }, [api, signedIn, needsSetup]);

  // Another tab signing out (or rotating tokens) shows up here through storage events.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === 'pws.session') api.store.set(api.store.reload());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [api]);

  const invitation = matchPath('/invitations/:token', path);
  if (invitation) return <InvitationPage api={api} token={invitation.token} />;
  // A stored session goes straight to the shell; setup can only be needed on a server nobody signed in to.
  if (needsSetup === null && !session) return <p className="boot">Loading…</p>;
  if (needsSetup && !session)
    return (
      <SetupPage
        api={api}
        onDone={() => {
          setNeedsSetup(false);
          navigate('/', { replace: true });
        }}
      />
    );
  if (!session) return <LoginPage api={api} notice={notice} onSignedIn={() => setNotice(null)} />;
  return (
    <AppShell
      key={session.user.id}
      api={api}
      onSignedOut={(message) => {
        setNotice(message);
        navigate('/login', { replace: true });
      }}
    />
  );
}
