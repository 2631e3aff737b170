import { z } from 'zod';
import { getAlert, resolveAlertRow, setUserStatus } from '../../db/queries/risk';
import { announceSuspension } from '../../trust/risk/suspensions';
import { defineTool, type ToolContext } from '../define';
import { conflict, invalid, notFound } from '../errors';
import { Id } from '../shared/schemas';
import { AlertView, alertView } from './schemas';

const STATUS = { dismiss: 'dismissed', warn: 'warned', suspend: 'suspended' } as const;

async function loadOpen(ctx: ToolContext, alertId: string) {
  const a = await getAlert(ctx.db, alertId);
  if (!a) throw notFound('alert', alertId);
  if (a.status !== 'open') throw conflict(`Alert ${a.id} was already resolved (${a.status}).`);
  return a;
}

export const resolveAlert = defineTool({
  name: 'resolve_alert',
  title: 'Resolve a fraud risk alert',
  description:
    'Admin only. Close an open alert (see list_risk_alerts) with a note: "dismiss" (a false alarm), "warn" ' +
    '(the account stays active; the warning raises its future scores), or "suspend" (the account is ' +
    'suspended at once: every tool refuses it on every channel — HTTP, MCP, chat agents — until an admin ' +
    'lifts it). Needs confirmation.',
  roles: ['admin'],
  effect: 'admin',
  input: z.object({
    alertId: Id('Alert').describe('The alert (alr_…)'),
    action: z.enum(['dismiss', 'warn', 'suspend']),
    note: z.string().trim().min(3).max(2000).describe('Why: kept with the alert for the next admin'),
  }),
  output: z.object({
    alert: AlertView,
    userStatus: z.enum(['active', 'suspended']).describe('The account’s status afterwards'),
  }),
  async authorize(ctx, input) {
    const a = await loadOpen(ctx, input.alertId);
    if (input.action === 'suspend' && a.user_id === ctx.actor.id) {
      throw invalid('action', 'You cannot suspend your own account.');
    }
  },
  async summarize(ctx, input) {
    const a = await loadOpen(ctx, input.alertId);
    const why = alertView(a)
      .reasons.filter((r) => r.points > 0)
      .slice(0, 3)
      .map((r) => r.reason)
      .join('; ');
    const who = `${a.display_name} (${a.role}, ${a.user_id})`;
    const facts = `risk ${a.score}/100${why ? ` — ${why}` : ''}; ${a.occurrences} flagged, ${a.blocked_count} blocked`;
    if (input.action === 'suspend') {
      return `Suspend ${who}: ${facts}. Every tool will refuse them on every channel until an admin lifts it.`;
    }
    if (input.action === 'warn') return `Warn ${who} and close alert ${a.id}: ${facts}.`;
    return `Dismiss alert ${a.id} on ${who} as a false alarm: ${facts}.`;
  },
  async run(ctx, input) {
    const a = await loadOpen(ctx, input.alertId);
    const status = STATUS[input.action];
    const done = await resolveAlertRow(ctx.db, {
      id: a.id,
      status,
      by: ctx.actor.id,
      note: input.note,
      now: ctx.now.toISOString(),
    });
    if (!done) throw conflict(`Alert ${a.id} was resolved meanwhile.`);
    if (input.action === 'suspend') {
      await setUserStatus(ctx.db, a.user_id, 'suspended');
      // This process's dispatchers refuse the account from the next call; others within seconds.
      announceSuspension(a.user_id, true);
    }
    const after = await getAlert(ctx.db, a.id);
    if (!after) throw notFound('alert', a.id);
    return { alert: alertView(after), userStatus: after.user_status };
  },
});
