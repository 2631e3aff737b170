import { z } from 'zod';
import { one } from '../../db/sql';
import { defineTool, ROLES } from '../define';

export const whoami = defineTool({
  name: 'whoami',
  title: 'Who am I',
  description: 'Shows the signed-in marketplace user: id, role, name, email and country.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({}),
  output: z.object({
    id: z.string(),
    role: z.enum(ROLES),
    displayName: z.string(),
    email: z.string(),
    country: z.string(),
    status: z.enum(['active', 'suspended']),
    createdAt: z.string(),
  }),
  async run(ctx) {
    const u = await one<{
      email: string;
      country: string;
      status: 'active' | 'suspended';
      created_at: string;
    }>(ctx.db, 'SELECT email, country, status, created_at FROM users WHERE id = ?', [ctx.actor.id]);
    if (!u) throw new Error(`Signed-in user ${ctx.actor.id} is missing from users`);
    return {
      id: ctx.actor.id,
      role: ctx.actor.role,
      displayName: ctx.actor.displayName,
      email: u.email,
      country: u.country,
      status: u.status,
      createdAt: u.created_at,
    };
  },
});
