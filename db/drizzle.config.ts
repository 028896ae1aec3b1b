// drizzle-kit configuration: `bun run db:generate` writes SQL migrations into db/migrations.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
