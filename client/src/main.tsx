import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from './api/api-client';
import { MemoryStorage, SessionStore, type KeyValueStorage } from './api/session-store';
import { App } from './app/app';
import { bootPrefetch } from './app/boot-prefetch';
import './styles.css';

function browserStorage(): KeyValueStorage {
  try {
    window.localStorage.setItem('pws.probe', '1');
    window.localStorage.removeItem('pws.probe');
    return window.localStorage;
  } catch {
    return new MemoryStorage();
  }
}

const api = new ApiClient(new SessionStore(browserStorage()), (input, init) => window.fetch(input, init));

bootPrefetch(api, window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
