// Size experiment (bench:size only, never shipped): the gate's security headers alone (nonce,
// CSP, static headers), without the session check, so the breakdown shows their bytes.
import { NextResponse, type NextRequest } from 'next/server';
import { createNonce, pageCsp, staticSecurityHeaders } from '@/lib/core/security-headers';
import { isProductionRuntime } from '@/lib/core/env';

const production = isProductionRuntime();
const staticHeaders = staticSecurityHeaders(production);

export function middleware(request: NextRequest) {
  const nonce = createNonce();
  const csp = pageCsp(nonce, production);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(staticHeaders)) response.headers.set(name, value);
  return response;
}
