import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (prisma generate, and prisma migrate for contributors whose
// machines can download Prisma's schema engine). The app never reads this file.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/asyncscope" },
});
