import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema; `npm run db:migrate` applies the SQL with the app's own driver.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
