/**
 * The client address used for per-client limits. Only a header the platform itself sets is
 * trusted: on Vercel `x-real-ip` (Vercel overwrites it), elsewhere the header named by
 * `TRUSTED_CLIENT_IP_HEADER` (set it only behind a proxy that overwrites that header). Without
 * either, every client is `SHARED_CLIENT` and per-client limits do not apply (one bucket shared by
 * every client would let one client lock everyone out): a client-supplied `X-Forwarded-For` never
 * decides. `/api/health` and the start-up log say when that is the case.
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

/** Whether per-client limits can work here, for `/api/health` and the start-up log. */
export interface ClientAddressSource {
  trusted: boolean;
  reason?: string;
}

export const UNTRUSTED_CLIENT_ADDRESS =
  'no trusted client address (not on Vercel and TRUSTED_CLIENT_IP_HEADER unset): per-client limits are off; per-account, per-device and per-address limits apply';

export function clientAddressSource(): ClientAddressSource {
  const env = getEnv();
  return env.TRUSTED_CLIENT_IP_HEADER || env.VERCEL ? { trusted: true } : { trusted: false, reason: UNTRUSTED_CLIENT_ADDRESS };
}
