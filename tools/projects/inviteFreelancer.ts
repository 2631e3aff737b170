import { z } from 'zod';
import { one, run } from '../../db/sql';
import { defineTool } from '../define';
import { conflict, notFound } from '../errors';
import { requireOwnProject } from '../shared/projects';
import { Id } from '../shared/schemas';
import { InvitationView } from './schemas';

export const inviteFreelancer = defineTool({
  name: 'invite_freelancer',
  title: 'Invite a freelancer to a project',
  description:
    'Invite a freelancer (by user id) to send a proposal for your own open project, with an optional personal ' +
    'message. Each freelancer can be invited to a project once. Publish a draft first.',
  roles: ['client'],
  effect: 'write',
  input: z.object({
    projectId: Id('Project'),
    freelancerId: Id('Freelancer user').describe('User id of the freelancer to invite, e.g. usr_…'),
    message: z
      .string()
      .trim()
      .max(2000)
      .default('')
      .describe('A short personal note shown with the invitation'),
  }),
  output: InvitationView,
  async authorize(ctx, { projectId }) {
    await requireOwnProject(ctx, projectId);
  },
  async run(ctx, { projectId, freelancerId, message }) {
    const p = await requireOwnProject(ctx, projectId);
    if (p.status !== 'open') {
      throw conflict(
        `Project '${p.title}' is ${p.status.replace('_', ' ')}; only open projects take invitations` +
          (p.status === 'draft' ? ' (publish it first with update_project, status "open").' : '.'),
      );
    }
    const freelancer = await one<{ id: string; display_name: string }>(
      ctx.db,
      `SELECT u.id, u.display_name FROM users u JOIN freelancer_profiles fp ON fp.user_id = u.id
        WHERE u.id = ? AND u.role = 'freelancer' AND u.status = 'active'`,
      [freelancerId],
    );
    if (!freelancer) throw notFound('freelancer', freelancerId);
    const existing = await one<{ id: string; created_at: string }>(
      ctx.db,
      'SELECT id, created_at FROM invitations WHERE project_id = ? AND freelancer_id = ?',
      [p.id, freelancer.id],
    );
    if (existing) {
      throw conflict(
        `${freelancer.display_name} was already invited to '${p.title}' on ${existing.created_at.slice(0, 10)} ` +
          `(invitation ${existing.id}).`,
      );
    }
    const id = ctx.newId('inv');
    const createdAt = ctx.now.toISOString();
    await run(
      ctx.db,
      `INSERT INTO invitations (id, project_id, freelancer_id, message, status, created_at)
       VALUES (?, ?, ?, ?, 'sent', ?)`,
      [id, p.id, freelancer.id, message, createdAt],
    );
    return {
      id,
      projectId: p.id,
      projectTitle: p.title,
      freelancerId: freelancer.id,
      freelancerName: freelancer.display_name,
      message,
      status: 'sent' as const,
      createdAt,
    };
  },
});
