/**
 * The layer rules of eslint.config.mjs bite: ESLint's own API lints a fixture as if it were a file at
 * the given path, so a rule that was deleted, mistyped or overridden by a later config block (flat
 * config replaces a rule's options, it does not merge them) fails here instead of passing silently.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const DB_MESSAGE = /app\/ and components\/ never import db\//;

describe('app/ and components/ never import db/', () => {
  it.each([
    ['a value import of @/db/queries/…', 'app/(dashboard)/admin/page.tsx', "import { getAdminOverviewCounts } from '@/db/queries/admin-users';\nexport const x = getAdminOverviewCounts;\n"],
    ['a type-only import', 'app/api/user/route.ts', "import type { PublicUser } from '@/db/queries/users';\nexport type X = PublicUser;\n"],
    ['a re-export', 'app/api/user/route.ts', "export { getDb } from '@/db/client';\n"],
    ['the bare @/db', 'app/api/user/route.ts', "import * as db from '@/db';\nexport const x = db;\n"],
    ['a relative path into db/', 'app/(dashboard)/admin/users/page.tsx', "import { users } from '../../../../db/schema';\nexport const x = users;\n"],
    ['an import from components/', 'components/data-table.tsx', "import { getDb } from '@/db/client';\nexport const x = getDb;\n"],
  ])('%s (%s) is an error', async (_what, filePath, code) => {
    const messages = await restrictedImports(filePath, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(DB_MESSAGE);
  });

  it('the deep-import rule still holds in app/ beside the db rule', async () => {
    const messages = await restrictedImports('app/api/user/route.ts', "import { getSession } from '@/lib/auth/session';\nexport const x = getSession;\n");
    expect(messages).toEqual([expect.stringMatching(/Import the data access layer from '@\/lib\/auth'/)]);
  });

  it('lib/ services, look-alike names and tests beside the routes may import what they need', async () => {
    expect(await restrictedImports('app/(dashboard)/admin/page.tsx', "import { getAdminOverview } from '@/lib/admin-reads';\nimport { x } from '@/dbx/y';\nexport const y = [getAdminOverview, x];\n")).toEqual([]);
    expect(await restrictedImports('app/api/user/route.test.ts', "import { getDb } from '@/db/client';\nexport const x = getDb;\n")).toEqual([]);
    expect(await restrictedImports('lib/admin-reads.ts', "import { getDb } from '@/db/client';\nexport const x = getDb;\n")).toEqual([]);
  });
});
