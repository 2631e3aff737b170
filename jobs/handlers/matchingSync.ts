import { z } from 'zod';
import { syncMatching } from '../../matching/indexing';
import { defineJob } from '../queue';

/**
 * Queued at start (`npm start`): embeds whatever has no current vector (a fresh seed, or everything after
 * EMBEDDING_MODEL changed) and adds missing full-text rows. Cheap when all is current (hashes compared).
 */
export const matchingSync = defineJob({
  name: 'matching_sync',
  data: z.object({}).strict(),
  async run(ctx) {
    await syncMatching(ctx.db, { log: ctx.log });
  },
});
