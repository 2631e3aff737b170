import { accountTools } from './account/index';
import { contractTools } from './contracts/index';
import type { AnyTool } from './define';
import { profileTools } from './profiles/index';
import { projectTools } from './projects/index';
import { proposalTools } from './proposals/index';

/** Every tool in the marketplace. Agents, MCP, HTTP and the docs all read this one list. */
export const catalog: readonly AnyTool[] = [
  ...accountTools,
  ...projectTools,
  ...proposalTools,
  ...contractTools,
  ...profileTools,
] as AnyTool[];
