import { z } from 'zod';
import { listAlerts } from '../../db/queries/risk';
import { defineTool } from '../define';
import { Id, Page } from '../shared/schemas';
import { AlertStatus, AlertView, alertView, RiskBand } from './schemas';

export const listRiskAlerts = defineTool({
  name: 'list_risk_alerts',
  title: 'List fraud risk alerts',
  description:
    'Admin only. The fraud review queue, worst score first: one alert per account while it is open, folding ' +
    'in every later flagged action (occurrences) and report. Filter by band (medium: went through with a ' +
    'review; high: blocked), status (default open; dismissed, warned, suspended, or "all"), updated since a ' +
    'date, or one account. Paged. Resolve one with resolve_alert; assess_user shows the live score.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    band: RiskBand.optional(),
    status: z.union([AlertStatus, z.literal('all')]).default('open'),
    since: z.iso.date().optional().describe('Only alerts updated on or after this day (YYYY-MM-DD, UTC)'),
    userId: Id('User').optional().describe('Only this account’s alerts'),
    ...Page,
  }),
  output: z.object({
    total: z.number().int().describe('Alerts matching the filter, not just this page'),
    alerts: z.array(AlertView),
  }),
  async run(ctx, input) {
    const { total, rows } = await listAlerts(ctx.db, {
      band: input.band,
      status: input.status === 'all' ? undefined : input.status,
      since: input.since ? `${input.since}T00:00:00.000Z` : undefined,
      userId: input.userId,
      limit: input.limit,
      offset: input.offset,
    });
    return { total, alerts: rows.map(alertView) };
  },
});
