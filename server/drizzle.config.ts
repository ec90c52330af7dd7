import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` (from server/) writes a new SQL migration after a schema change;
// commit it. The server applies pending migrations on start.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/*.ts',
  out: './drizzle',
});
