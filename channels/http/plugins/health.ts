import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client';
import { listMigrations } from '../../../db/migrate';
import { one } from '../../../db/sql';

/** Liveness says the process answers; readiness says the database answers and is fully migrated. */
export async function healthRoutes(app: FastifyInstance, opts: { db: Db }) {
  const latest = Math.max(...listMigrations().map((m) => m.version));
  app.get('/health/live', { schema: { tags: ['health'] } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { schema: { tags: ['health'] } }, async (_req, reply) => {
    try {
      const row = await one<{ v: number | null }>(
        opts.db.reader,
        'SELECT max(version) AS v FROM schema_migrations',
      );
      const version = Number(row?.v ?? 0);
      if (version < latest)
        return reply.code(503).send({ status: 'migrating', schema: version, expected: latest });
      return { status: 'ready', schema: version };
    } catch (err) {
      return reply
        .code(503)
        .send({ status: 'unavailable', reason: err instanceof Error ? err.message : String(err) });
    }
  });
}
