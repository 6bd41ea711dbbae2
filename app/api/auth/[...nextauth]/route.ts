// Auth.js's own endpoints: CSRF token, credentials callback, OAuth, session, sign-out.
import { handlers } from '@/auth';

export const { GET, POST } = handlers;
