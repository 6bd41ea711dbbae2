/** Session shapes shared with client components (types only: no server code behind them). */
import type { SessionRole } from '@/lib/core/session-token';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  image: string | null;
  role: SessionRole;
}
