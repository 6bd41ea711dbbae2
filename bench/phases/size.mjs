// The gate's bundle, read from the builds (no server needed): what the app's gate adds over the
// no-op middleware, against what Auth.js's default gate adds, and nothing that must stay off the edge.
import { VARIANTS } from '../lib/variants.mjs';
import { middlewareBundle } from '../lib/size.mjs';
import { exactTarget, round } from '../lib/report.mjs';

export function sizePhase({ builds }) {
  const size = Object.fromEntries(Object.keys(VARIANTS).map((n) => [n, middlewareBundle(builds[n].dir)]));
  const appAdds = size.app.gzip - size.lab.gzip;
  const authjsAdds = size.authjs.gzip - size.lab.gzip;
  const targets = [
    exactTarget('size', "gate bundle: app's addition / Auth.js's addition (gzip)", round(appAdds / authjsAdds, 3), appAdds <= 0.2 * authjsAdds, '<= 0.2',
      `no-op ${size.lab.gzip} B, app ${size.app.gzip} B (+${appAdds}), Auth.js ${size.authjs.gzip} B (+${authjsAdds})`),
    exactTarget('size-forbidden', 'gate bundle free of DB driver / KV client / password hash', size.app.forbidden.length ? size.app.forbidden.join(', ') : 'none', size.app.forbidden.length === 0, 'none'),
  ];
  return { targets, detail: size };
}
