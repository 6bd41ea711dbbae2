/**
 * Server-action payloads a scanner sends (shared by the handler-level suite and the build suite).
 * `malformed`: React cannot decode them (Next.js answered 500) → the gate answers 400.
 * `shifted`: they decode, but the action receives no FormData → the action answers a form error.
 * `id` is the id of a form action that takes a state first (the /login form's).
 */
export interface ActionPayload {
  name: string;
  /** Multipart fields, in order; or a `text/plain` body of a JavaScript call. */
  fields?: [string, string][];
  text?: string;
  /** Sent with the `Next-Action` header (a JavaScript call) rather than as a plain form post. */
  fetch?: boolean;
}

const meta = (id: string, bound: unknown) => JSON.stringify({ id, bound });
const form: [string, string][] = [['email', 'scanner@example.test'], ['password', 'x']];

export function malformedActionPayloads(id: string): ActionPayload[] {
  return [
    { name: '$ACTION_1:1 is not JSON', fields: [['$ACTION_REF_1', ''], ['$ACTION_1:0', meta(id, '$@1')], ['$ACTION_1:1', 'oops'], ['$ACTION_KEY', 'k1'], ...form] },
    { name: '$ACTION_1:0 is broken JSON', fields: [['$ACTION_REF_1', ''], ['$ACTION_1:0', '{"id":'], ['$ACTION_KEY', 'k1'], ...form] },
    { name: '$ACTION_REF_1 without its metadata', fields: [['$ACTION_REF_1', ''], ...form] },
    { name: 'metadata without an id', fields: [['$ACTION_REF_1', ''], ['$ACTION_1:0', '{"bound":null}'], ...form] },
    { name: 'bound is not a reference', fields: [['$ACTION_REF_1', ''], ['$ACTION_1:0', meta(id, 5)], ...form] },
    { name: 'bound arguments are not an array', fields: [['$ACTION_REF_1', ''], ['$ACTION_1:0', meta(id, '$@1')], ['$ACTION_1:1', '{}'], ...form] },
    { name: 'a stray $ACTION_7:3 that is not JSON', fields: [['$ACTION_ID_' + id, ''], ['$ACTION_7:3', '[oops'], ...form] },
    { name: 'JavaScript call, text/plain body not JSON', fetch: true, text: '[{"status":"idle"},' },
    { name: 'JavaScript call, multipart chunk 0 not JSON', fetch: true, fields: [['0', '[oops'], ...form] },
  ];
}

export function shiftedActionPayloads(id: string): ActionPayload[] {
  return [
    { name: '$ACTION_ID_ of an action that takes a state first', fields: [['$ACTION_ID_' + id, ''], ...form] },
    { name: 'bound arguments of the wrong length', fields: [['$ACTION_REF_1', ''], ['$ACTION_1:0', meta(id, '$@1')], ['$ACTION_1:1', '[]'], ...form] },
  ];
}

/** A well-formed no-JavaScript submission of the same form (must still reach the action). */
export function validActionPayload(id: string): ActionPayload {
  return { name: 'the form as the page renders it', fields: [['$ACTION_REF_1', ''], ['$ACTION_1:0', meta(id, '$@1')], ['$ACTION_1:1', '[{"status":"idle"}]'], ['$ACTION_KEY', 'k1'], ...form] };
}

/** The request body and content type of a payload. */
export function encodeActionPayload(payload: ActionPayload): { body: string; contentType: string } {
  if (payload.text !== undefined) return { body: payload.text, contentType: 'text/plain;charset=UTF-8' };
  const boundary = '----scanner' + 'x'.repeat(12);
  const parts = (payload.fields ?? []).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}
