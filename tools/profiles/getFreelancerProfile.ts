import { z } from 'zod';
import { defineTool, ROLES } from '../define';
import { notFound } from '../errors';
import { Id } from '../shared/schemas';
import { FreelancerProfileView } from './schemas';
import { loadFreelancerProfile } from './view';

export const getFreelancerProfile = defineTool({
  name: 'get_freelancer_profile',
  title: 'Get a freelancer profile',
  description:
    "A freelancer's public profile: headline, bio, category, hourly rate, availability, industries, skills " +
    'with years of experience, rating, reviews, completed jobs, verification and case studies. ' +
    'Contact details are never included.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({ freelancerId: Id('Freelancer user') }),
  output: FreelancerProfileView,
  async run(ctx, { freelancerId }) {
    const found = await loadFreelancerProfile(ctx.db, freelancerId);
    // A suspended freelancer's profile is hidden from everyone but themselves and admins.
    const hidden =
      found?.status === 'suspended' && ctx.actor.id !== freelancerId && ctx.actor.role !== 'admin';
    if (!found || hidden) throw notFound('freelancer', freelancerId);
    return found.profile;
  },
});
