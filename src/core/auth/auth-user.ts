import { Role } from '../access/roles';

/** Who is calling, from the verified access token and the user row; the only source of tenancy. */
export interface AuthUser {
  id: string;
  workspaceId: string;
  companyId: string | null;
  role: Role;
  name: string;
  email: string;
  sessionId: string;
}
