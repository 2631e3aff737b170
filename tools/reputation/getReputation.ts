import { z } from 'zod';
import { getProfileRow } from '../../db/queries/profiles';
import { defineTool, ROLES } from '../define';
import { notFound } from '../errors';
import { Id } from '../shared/schemas';
import { BadgeView, ReputationView } from './schemas';
import { loadReputation } from './view';

export const getReputation = defineTool({
  name: 'get_reputation',
  title: 'Get a freelancer’s reputation',
  description:
    "A freelancer's reputation: client review averages per axis (quality, communication, speed, reliability) " +
    'and overall, contracts completed, milestones delivered and how many were on time, and the badges earned ' +
    'from verified outcomes (verified identity or business, projects completed, on-time deliveries, top ' +
    'rated…). Only admin decisions, completed work and client reviews count, never what a freelancer says.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({ freelancerId: Id('Freelancer user') }),
  output: z.object({
    freelancerId: z.string(),
    name: z.string(),
    verified: z.boolean(),
    reputation: ReputationView,
    badges: z.array(BadgeView),
  }),
  async run(ctx, { freelancerId }) {
    const p = await getProfileRow(ctx.db, freelancerId);
    // As for profiles: a suspended freelancer is hidden from everyone but themselves and admins.
    const hidden = p?.status === 'suspended' && ctx.actor.id !== freelancerId && ctx.actor.role !== 'admin';
    if (!p || hidden) throw notFound('freelancer', freelancerId);
    const { reputation, badges } = await loadReputation(ctx.db, freelancerId);
    return { freelancerId, name: p.display_name, verified: Number(p.verified) === 1, reputation, badges };
  },
});
