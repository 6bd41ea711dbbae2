/**
 * The origin of links in mail (password reset, verification): the classic target of Host-header
 * poisoning (case 62), so in production it never comes from what a client sent.
 *
 * - `AUTH_URL` set → its origin, always.
 * - behind a trusted proxy (`AUTH_TRUST_HOST=1`, or Vercel) → the proxy's forwarded origin.
 * - development and tests → the request's origin (`lib/core/public-origin.ts`).
 * - production otherwise → refused (503 with a message naming AUTH_URL, logged once): no mail is
 *   sent, no token is created.
 *
 * Asked first by every flow that mails a link, it also settles that the mail can leave at all
 * (`mailDelivery`: production without SMTP_URL or MAIL_DIR is the same kind of 503).
 */
import 'server-only';
import { NotConfiguredError } from '@/lib/core/errors';
import { publicOrigin, publicOriginSettings } from '@/lib/core/public-origin';
import { isProductionRuntime } from '@/lib/core/env';
import { mailDelivery } from './transport';

export const MAIL_LINKS_UNCONFIGURED = 'Email links are not available on this server: its operator has to set AUTH_URL.';

let warned = false;

export function mailLinkOrigin(headers: Headers): string {
  mailDelivery();
  const settings = publicOriginSettings();
  if (settings.fixed) return settings.fixed;
  if (settings.trustProxy || !isProductionRuntime()) return publicOrigin(headers, settings);
  if (!warned) {
    warned = true;
    console.error('edge-sessions: mail with links is refused: set AUTH_URL to the public origin (https://app.example.com); a request\'s Host is never used for links in production');
  }
  throw new NotConfiguredError(MAIL_LINKS_UNCONFIGURED);
}
