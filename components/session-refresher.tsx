'use client';

import { useEffect, useRef } from 'react';

/**
 * Rendered by the dashboard layout only when this page saw a stale token it could not replace
 * (a server component render cannot set cookies). One POST lets a route handler re-issue the
 * cookie, so the change costs this browser one more database read instead of one per page.
 */
export function SessionRefresher() {
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    fetch('/api/session/refresh', { method: 'POST', credentials: 'same-origin', cache: 'no-store' }).catch(() => {
      // A failed refresh only costs the next page render one more database read.
    });
  }, []);
  return null;
}
