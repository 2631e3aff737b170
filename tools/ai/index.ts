import type { AnyTool } from '../define';
import { assessFeasibilityTool } from './assessFeasibility';
import { draftProjectFromBriefTool } from './draftProjectFromBrief';
import { draftProposalTool } from './draftProposal';
import { improveJobPostTool } from './improveJobPost';
import { suggestUpsellsTool } from './suggestUpsells';

/** The AI tools: they read and propose; none writes. Each uses the configured model when there is one. */
export const aiTools: AnyTool[] = [
  draftProjectFromBriefTool,
  assessFeasibilityTool,
  improveJobPostTool,
  draftProposalTool,
  suggestUpsellsTool,
] as AnyTool[];
