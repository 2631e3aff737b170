/** What a person reads while a tool runs: "Searching freelancers…" rather than a function name. */
const ACTIVITY: Record<string, string> = {
  whoami: 'Checking who you are',
  draft_project_from_brief: 'Drafting a project spec from your brief',
  create_project: 'Creating the project',
  update_project: 'Updating the project',
  get_project: 'Opening the project',
  list_my_projects: 'Listing your projects',
  search_projects: 'Searching open projects',
  add_milestones: 'Planning milestones',
  cancel_project: 'Preparing the cancellation',
  match_freelancers: 'Matching freelancers to the project',
  search_freelancers: 'Searching freelancers',
  invite_freelancer: 'Inviting the freelancer',
  get_freelancer_profile: 'Opening the profile',
  draft_proposal: 'Drafting a proposal',
  submit_proposal: 'Submitting the proposal',
  list_proposals: 'Reading the proposals',
  list_my_proposals: 'Listing your proposals',
  accept_proposal: 'Preparing the hire',
  get_contract: 'Opening the contract',
  fund_milestone: 'Preparing the escrow funding',
  approve_milestone: 'Preparing the release',
  wallet_balance: 'Reading your wallet',
  transaction_history: 'Reading your transactions',
  assess_user: 'Scoring the account’s fraud risk',
  list_risk_alerts: 'Reading the fraud review queue',
  fraud_overview: 'Summarising fraud risk',
  platform_kpis: 'Computing platform KPIs',
  list_flags: 'Listing feature flags',
  set_flag_rollout: 'Preparing the rollout change',
  flag_exposure_report: 'Counting flag exposures',
};

export function activityLabel(tool: string, input: unknown): string {
  const base = ACTIVITY[tool] ?? `Running ${tool.replace(/_/g, ' ')}`;
  const q = (input as { query?: unknown } | null)?.query;
  return typeof q === 'string' && q ? `${base} for “${q}”…` : `${base}…`;
}

export const SUGGESTIONS: Record<'client' | 'freelancer' | 'admin', string[]> = {
  client: [
    'I need someone to build a Shopify store for my bakery, around $3k, 4 weeks',
    'Show my projects',
    'What is my wallet balance?',
    'Find React Native developers for a fintech app',
  ],
  freelancer: ['Find me React jobs', 'Show my proposals', 'What is my wallet balance?', 'Who am I?'],
  admin: [
    'Which accounts look the riskiest?',
    'Give me the fraud overview',
    'Show platform KPIs for the last 30 days',
    'List feature flags',
  ],
};
