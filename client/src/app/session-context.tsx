import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/api-client';
import type { Me } from '../api/types';
import type { RealtimeClient } from '../realtime/realtime-client';

export interface Workspace {
  api: ApiClient;
  me: Me;
  realtime: RealtimeClient;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside the signed-in shell');
  return value;
}
