import { z } from 'zod';
import { syncMatching } from '../../matching/indexing';
import { defineJob } from '../queue';

/** Rebuilds all of matching's derived data: every vector re-embedded, profiles_fts rewritten, orphans removed. */
export const reindex = defineJob({
  name: 'reindex',
  data: z.object({}).strict(),
  attempts: 1,
  async run(ctx) {
    await syncMatching(ctx.db, { force: true, log: ctx.log });
  },
});
