import { accountTools } from './account/index';
import { aiTools } from './ai/index';
import { billingTools } from './billing/index';
import { contractTools } from './contracts/index';
import type { AnyTool } from './define';
import { disputeTools } from './disputes/index';
import { flagTools } from './flags/index';
import { fxTools } from './fx/index';
import { identityTools } from './identity/index';
import { matchingTools } from './matching/index';
import { moneyTools } from './money/index';
import { profileTools } from './profiles/index';
import { projectTools } from './projects/index';
import { proposalTools } from './proposals/index';
import { reputationTools } from './reputation/index';
import { skillTools } from './skills/index';
import { trustTools } from './trust/index';
import { verificationTools } from './verification/index';

/** Every tool in the marketplace. Agents, MCP, HTTP and the docs all read this one list. */
export const catalog: readonly AnyTool[] = [
  ...accountTools,
  ...identityTools,
  ...projectTools,
  ...proposalTools,
  ...contractTools,
  ...profileTools,
  ...moneyTools,
  ...billingTools,
  ...disputeTools,
  ...fxTools,
  ...skillTools,
  ...matchingTools,
  ...aiTools,
  ...verificationTools,
  ...flagTools,
  ...reputationTools,
  ...trustTools,
] as AnyTool[];
