/**
 * `test:services` runs the files of scripts/test-services-files.json; its check keeps the list whole.
 * Run here, in the ordinary unit run, so a new suite that opens fresh backends is caught without the
 * services being up.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const LIST = 'scripts/test-services-files.json';

function check(list?: string[]) {
  const args = ['scripts/test-services.mjs', '--check'];
  if (list) {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'services-list-')), 'list.json');
    writeFileSync(file, JSON.stringify(list));
    args.push('--list', file);
  }
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('the test:services list', () => {
  const files = JSON.parse(readFileSync(LIST, 'utf8')) as string[];

  it('names every file that opens fresh backends, and only files that exist', () => {
    const run = check();
    expect(run.output).toContain(`${files.length} files listed, none missing`);
    expect(run.status).toBe(0);
  });

  it('fails, naming the file, when a suite that opens fresh backends is left out', () => {
    const run = check(files.filter((f) => f !== 'lib/auth/guards.test.ts'));
    expect(run.status).toBe(1);
    expect(run.output).toContain('lib/auth/guards.test.ts opens fresh backends but is not in');
  });

  it('fails when a listed file is gone', () => {
    const run = check([...files, 'tests/security/renamed-away.test.ts']);
    expect(run.status).toBe(1);
    expect(run.output).toContain('tests/security/renamed-away.test.ts is in');
  });
});
