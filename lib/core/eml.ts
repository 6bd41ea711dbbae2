/**
 * Reading the development mailbox's `.eml` files (RFC 5322 as nodemailer writes them): the headers
 * the `/dev/mail` page lists and the links in the text part, quoted-printable decoded. Pure, so the
 * end-to-end suite reads the mailbox with the same code as the page.
 */

export interface EmlSummary {
  to: string;
  subject: string;
  date: string;
  /** Every http(s) link of the text, in order. */
  links: string[];
}

/** `=XX` escapes and soft line breaks (`=` at the end of a line) undone. */
export function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const unfolded = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded.slice(i + 1, i + 3);
    if (unfolded[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(unfolded[i]));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function headerBlock(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !headers.has(line.slice(0, i).toLowerCase())) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

/** The text of a message: its `text/plain` part (or the body of a single-part message), decoded. */
export function emlText(raw: string): string {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  const plain = parts.find((p) => /content-type:\s*text\/plain/i.test(p.slice(0, p.search(/\r?\n\r?\n/) + 1))) ?? raw;
  const headers = headerBlock(plain);
  const start = plain.search(/\r?\n\r?\n/);
  const body = start === -1 ? '' : plain.slice(start).replace(/^\r?\n\r?\n/, '');
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return new TextDecoder().decode(Uint8Array.from(atob(body.replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
  return body;
}

export function summarizeEml(raw: string): EmlSummary {
  const headers = headerBlock(raw);
  const links = emlText(raw).match(/https?:\/\/[^\s<>"]+/g) ?? [];
  return { to: headers.get('to') ?? '', subject: headers.get('subject') ?? '', date: headers.get('date') ?? '', links };
}
