// Benchmark variant (overlay only, never shipped): a middleware that does nothing, the floor of
// the edge-runtime emulation under `next start`. bench/lib/variants.mjs appends the app's own
// matcher as `config`.
import { NextResponse } from 'next/server';

export function middleware() {
  return NextResponse.next();
}
