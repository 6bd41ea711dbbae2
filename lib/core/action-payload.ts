/**
 * Server-action payloads that React would fail to decode (edge-safe, no imports). React decodes
 * them after Next.js has accepted the request, and a decoding error there is a 500; the gate
 * refuses them first with a 400.
 *
 * What React's reply decoder (`decodeAction` / `decodeFormState` / `decodeReply`) reads:
 * - a form posted without JavaScript: `$ACTION_ID_<id>` (the action, no bound arguments), or
 *   `$ACTION_REF_<p>` whose metadata is the JSON chunk `$ACTION_<p>:0` = `{ "id", "bound" }`,
 *   `bound` being `null` or a reference `"$@<hex>"` to the chunk `$ACTION_<p>:<n>` holding the
 *   bound arguments (a JSON array); every `$ACTION_<p>:<n>` text field is a JSON chunk;
 * - a call from JavaScript (`Next-Action` header): a `text/plain` body that is one JSON chunk, or a
 *   multipart body whose numeric fields (`0`, `1`, …) are JSON chunks.
 * Fields named `<chunk>_<name>` are entries of a FormData argument, not JSON, and are not checked.
 */

type Fields = Pick<FormData, 'forEach' | 'get'>;

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

function parseJson(value: FormDataEntryValue | null): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The metadata chunk of `$ACTION_REF_<prefix>` and its bound arguments, as React needs them. */
function isValidBoundAction(fields: Fields, prefix: string): boolean {
  const meta = parseJson(fields.get(`$ACTION_${prefix}:0`));
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return false;
  const { id, bound } = meta as { id?: unknown; bound?: unknown };
  if (typeof id !== 'string' || id === '') return false;
  if (bound === null) return true;
  const reference = typeof bound === 'string' ? /^\$@([0-9a-f]+)$/.exec(bound) : null;
  if (!reference) return false;
  return Array.isArray(parseJson(fields.get(`$ACTION_${prefix}:${parseInt(reference[1]!, 16)}`)));
}

/** True when the multipart fields of a page POST carry action data React cannot decode. */
export function hasMalformedActionFields(fields: Fields, isFetchAction: boolean): boolean {
  let malformed = false;
  fields.forEach((value, key) => {
    if (malformed) return;
    if (isFetchAction && /^\d+$/.test(key)) {
      malformed = typeof value === 'string' && !isJson(value);
    } else if (/^\$ACTION_[^:]+:\d+$/.test(key)) {
      malformed = typeof value === 'string' && !isJson(value);
    } else if (key.startsWith('$ACTION_REF_')) {
      malformed = !isValidBoundAction(fields, key.slice('$ACTION_REF_'.length));
    }
  });
  return malformed;
}

/** True when a `text/plain` body of a JavaScript action call is not the JSON chunk React expects. */
export function isMalformedActionText(body: string): boolean {
  return !isJson(body);
}
