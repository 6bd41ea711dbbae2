/**
 * The client address used for per-client limits. Only a header the platform itself sets is
 * trusted: on Vercel `x-real-ip` (Vercel overwrites it), elsewhere the header named by
 * `TRUSTED_CLIENT_IP_HEADER` (set it only behind a proxy that overwrites that header). Without
 * either, every client shares one bucket: a client-supplied `X-Forwarded-For` never decides.
 */
import { getEnv } from '@/lib/core/env';

export const SHARED_CLIENT = 'shared';

export function clientAddressFromHeaders(headers: Headers): string {
  const env = getEnv();
  const header = env.TRUSTED_CLIENT_IP_HEADER ?? (env.VERCEL ? 'x-real-ip' : undefined);
  if (!header) return SHARED_CLIENT;
  const value = headers.get(header)?.split(',')[0]?.trim();
  return value && value.length <= 64 ? value : SHARED_CLIENT;
}
