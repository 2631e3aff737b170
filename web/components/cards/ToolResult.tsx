import { EscrowCard } from './EscrowCard';
import { FraudCard } from './FraudCard';
import { GenericCard } from './GenericCard';
import { ProjectCard } from './ProjectCard';
import { ProposalCard } from './ProposalCard';
import { ShortlistCard } from './ShortlistCard';

/** Picks the card for a tool's result by the tool's name; anything else gets the generic card. */
export function ToolResult({ tool, data, input }: { tool: string; data: unknown; input: unknown }) {
  switch (tool) {
    case 'draft_project_from_brief':
    case 'create_project':
    case 'get_project':
    case 'update_project':
      return <ProjectCard tool={tool} data={data} />;
    case 'match_freelancers':
    case 'search_freelancers':
      return <ShortlistCard data={data} input={input} />;
    case 'draft_proposal':
      return <ProposalCard data={data} />;
    case 'fund_milestone':
    case 'approve_milestone':
    case 'wallet_balance':
      return <EscrowCard tool={tool} data={data} />;
    case 'assess_user':
    case 'list_risk_alerts':
    case 'fraud_overview':
      return <FraudCard tool={tool} data={data} />;
    default:
      return <GenericCard tool={tool} data={data} />;
  }
}
