/**
 * The one rule for which failures reach the server log, shared by the action wrapper and the
 * route handler wrapper: a 4xx is the client's doing and is not logged, a dependency outage (503)
 * is one short line (the health check and the 503s say the rest), a missing configuration was
 * said once where it was found, anything else is a bug and keeps
 * its stack. Decided by status, not `instanceof`: the error may come from another server bundle.
 */
import { isNotConfigured, type AppError } from '@/lib/core/errors';

export function logFailure(where: string, err: unknown, appError: AppError): void {
  // A feature the operator has not configured said so once when first refused: not a line per request.
  if (appError.status < 500 || isNotConfigured(appError)) return;
  if (appError.status === 503) {
    console.warn(`${where}: ${appError.message}`);
    return;
  }
  console.error(`${where}: unexpected error`, err);
}
