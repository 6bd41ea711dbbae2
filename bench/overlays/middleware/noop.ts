// Benchmark variant (overlay only, never shipped): a middleware that does nothing, the floor of
// the edge-runtime emulation under `next start`.
import { NextResponse } from 'next/server';

export function middleware() {
  return NextResponse.next();
}

// The matcher is replaced with the app's own by bench/lib/variants.mjs.
export const config = {
  matcher: ['/dashboard/:path*'],
};
