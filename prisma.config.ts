// Read by the Prisma CLI (prisma generate, prisma migrate deploy). The project's own offline
// migrate command (scripts/migrate.ts) reads the same schema and migrations folder.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/tizim' },
});
