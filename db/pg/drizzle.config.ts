// drizzle-kit configuration for the Postgres mirror: `bunx drizzle-kit generate --config db/pg/drizzle.config.ts` writes
// its SQL migrations into db/pg/migrations (no database needed to generate).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/pg/schema.ts",
  out: "./db/pg/migrations",
});
