import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts: `npx drizzle-kit generate --config drizzle-pg.config.ts`
// (from server/) writes a new migration to drizzle-pg/ after a change to src/db/schema-pg/; commit
// it. A change to a table is made in both schemas, each with its migration.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg/*.ts',
  out: './drizzle-pg',
});
