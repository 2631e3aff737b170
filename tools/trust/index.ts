import type { AnyTool } from '../define';
import { assessProposal } from './assessProposal';
import { assessUser } from './assessUser';
import { cohortRetention } from './cohortRetention';
import { fraudOverview } from './fraudOverview';
import { listRiskAlerts } from './listRiskAlerts';
import { platformKpis } from './platformKpis';
import { reportFraud } from './reportFraud';
import { resolveAlert } from './resolveAlert';

/** Trust and admin: fraud risk review, reports, and the marketplace's KPIs. */
export const trustTools: AnyTool[] = [
  reportFraud,
  fraudOverview,
  listRiskAlerts,
  assessUser,
  assessProposal,
  resolveAlert,
  platformKpis,
  cohortRetention,
] as AnyTool[];
