/**
 * A readable device name from a User-Agent ("Chrome on macOS") for the account's device list.
 * A small rule set rather than a parser library: the list only needs the browser family and the
 * operating system, and the order of the rules is what matters (Edge and Opera also say
 * "Chrome", Chrome also says "Safari", iOS also says "Mac OS X"). Tested against real strings
 * in `user-agent.test.ts`. Never used for a security decision.
 */

type Rule = readonly [name: string, pattern: RegExp];

// First match wins: the more specific families come before the ones whose tokens they repeat.
const BROWSERS: readonly Rule[] = [
  ['Edge', /\b(?:Edg|EdgA|EdgiOS|Edge)\//],
  ['Opera', /\b(?:OPR|OPiOS|Opera)\//],
  ['Samsung Internet', /\bSamsungBrowser\//],
  ['Vivaldi', /\bVivaldi\//],
  ['Firefox', /\b(?:Firefox|FxiOS)\//],
  ['Chrome', /\b(?:Chrome|CriOS|HeadlessChrome)\//],
  ['Chromium', /\bChromium\//],
  ['Safari', /\bVersion\/[\d.]+.*\bSafari\//],
  ['curl', /^curl\//],
  ['Wget', /^Wget\//],
  ['Node.js', /^node(?:-fetch)?\b|\bundici\b/i],
  ['Python', /^python-(?:requests|urllib|httpx)|^Python-urllib/i],
  ['Postman', /^PostmanRuntime\//],
];

const SYSTEMS: readonly Rule[] = [
  ['iOS', /\b(?:iPhone|iPad|iPod)\b/],
  ['Android', /\bAndroid\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['Windows', /\bWindows\b/],
  ['macOS', /\b(?:Macintosh|Mac OS X)\b/],
  ['Linux', /\bLinux\b/],
];

const UNKNOWN = 'Unknown device';

function first(rules: readonly Rule[], ua: string): string | undefined {
  return rules.find(([, pattern]) => pattern.test(ua))?.[0];
}

/** "Chrome on macOS", "Firefox", "curl", or "Unknown device". */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const ua = userAgent?.trim() ?? '';
  if (!ua) return UNKNOWN;
  const browser = first(BROWSERS, ua);
  const system = first(SYSTEMS, ua);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `Browser on ${system}`;
  return UNKNOWN;
}
