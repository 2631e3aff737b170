import { z } from 'zod';
import { listVerifications as listRows } from '../../db/queries/verification';
import { defineTool } from '../define';
import { Page } from '../shared/schemas';
import { AdminVerificationView, adminVerificationView, VerificationStatus } from './schemas';

export const listVerifications = defineTool({
  name: 'list_verifications',
  title: 'List verification submissions',
  description:
    'Admin only. The verification review queue: submissions in a status (pending by default, oldest first; ' +
    'verified and rejected newest first), with who submitted them, the document kind and country, the ' +
    'last 4 characters of the number and how many other accounts submitted the same document. Decide one ' +
    'with review_verification.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({ status: VerificationStatus.default('pending'), ...Page }),
  output: z.object({ total: z.number().int(), verifications: z.array(AdminVerificationView) }),
  async run(ctx, input) {
    const { rows, total } = await listRows(ctx.db, input);
    return { total, verifications: rows.map(adminVerificationView) };
  },
});
