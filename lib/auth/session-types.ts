/** Session shapes shared with client components (types only: no server code behind them). */
import type { Role } from '@/lib/core/roles';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  image: string | null;
  role: Role;
  /** The token's `emailVerified` claim (the database's, once a change bumped the authz version). */
  emailVerified: boolean;
}
