import { z } from 'zod';
import { embedOwners } from '../../matching/indexing';
import { OWNER_KINDS } from '../../matching/vectors/index';
import { defineJob } from '../queue';

/**
 * (Re)embeds profiles, case studies or projects after a write and refreshes their full-text rows, so a
 * change is matchable once this job has run. Idempotent: unchanged text is skipped by its content hash.
 */
export const embedDocuments = defineJob({
  name: 'embed_documents',
  data: z.object({
    kind: z.enum(OWNER_KINDS),
    ids: z.array(z.string().min(1).max(64)).min(1).max(1000),
  }),
  async run(ctx, data) {
    const out = await embedOwners(ctx.db, data.kind, data.ids);
    ctx.log.info({ job: 'embed_documents', kind: data.kind, ...out }, 'embedded');
  },
});
