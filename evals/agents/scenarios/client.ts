import type { Scenario } from '../scenario';

/** A project the scenario created (rows a scenario writes carry the eval's fixed clock). */
const NEW_PROJECT =
  "SELECT title, status, pricing, currency, budget_min_minor AS min, budget_max_minor AS max FROM projects WHERE client_id = '{{client}}' AND created_at = '{{now}}'";
const NO_NEW_PROJECT = {
  name: 'no project was created',
  sql: "SELECT id FROM projects WHERE client_id = '{{client}}' AND created_at = '{{now}}'",
  count: 0,
};
const MILESTONE = "SELECT status FROM milestones WHERE id = '{{fundableMilestone}}'";
const HOLDS = "SELECT status FROM escrow_holds WHERE milestone_id = '{{fundableMilestone}}'";
const WALLET =
  "SELECT balance_minor AS balance FROM ledger_accounts WHERE kind = 'client_wallet' AND owner_id = '{{client}}' AND currency = 'USD'";

export const clientScenarios: Scenario[] = [
  {
    id: 'client-brief-to-spec',
    role: 'client',
    description: 'A brief becomes a drafted spec; nothing is saved yet.',
    steps: [
      {
        user: "I need someone to build a React dashboard for our clinic's patient analytics with a Node.js API, around $8k, 6 weeks",
      },
    ],
    expect: {
      calls: [{ tool: 'draft_project_from_brief', outcome: 'ok', args: { currency: 'USD' } }],
      forbidden: ['create_project'],
      db: [NO_NEW_PROJECT],
      answer: ['Nothing is saved yet', '\\$8,000'],
    },
  },
  {
    id: 'client-brief-spec-post',
    role: 'client',
    description: 'Brief → spec → "post it and publish it" creates the open project from the spec.',
    steps: [
      {
        user: "I need someone to build a React dashboard for our clinic's patient analytics with a Node.js API, around $8k, 6 weeks",
      },
      { user: 'looks good, post it and publish it' },
    ],
    expect: {
      calls: [
        { tool: 'draft_project_from_brief', outcome: 'ok' },
        {
          tool: 'create_project',
          outcome: 'ok',
          args: {
            pricing: 'fixed',
            publish: true,
            timelineWeeks: 6,
            budget: { currency: 'USD', max: 800_000 },
          },
        },
      ],
      db: [
        {
          name: 'the project is open with the brief budget',
          sql: NEW_PROJECT,
          rows: [{ status: 'open', pricing: 'fixed', currency: 'USD', max: 800_000 }],
        },
        {
          name: 'the project has the React skill',
          sql: "SELECT s.name FROM project_skills ps JOIN skills s ON s.id = ps.skill_id JOIN projects p ON p.id = ps.project_id WHERE p.client_id = '{{client}}' AND p.created_at = '{{now}}' AND s.name = 'React'",
          count: 1,
        },
      ],
    },
  },
  {
    id: 'client-brief-spec-post-draft',
    role: 'client',
    description: '"post it" without publishing leaves the project as a draft.',
    steps: [
      { user: 'We need a Shopify store for our bakery with pickup orders, around $3k, 4 weeks' },
      { user: 'post it' },
    ],
    expect: {
      calls: [{ tool: 'draft_project_from_brief' }, { tool: 'create_project', outcome: 'ok' }],
      db: [{ name: 'a draft project', sql: NEW_PROJECT, rows: [{ status: 'draft', max: 300_000 }] }],
    },
  },
  {
    id: 'client-brief-spec-cheaper',
    role: 'client',
    description: 'Brief → spec → post it with another budget.',
    steps: [
      {
        user: 'I need someone to build a WordPress booking site for our dental clinic, about $4,000, 5 weeks',
      },
      { user: 'post it and publish it with a budget of $3,500' },
    ],
    expect: {
      calls: [
        { tool: 'draft_project_from_brief' },
        { tool: 'create_project', outcome: 'ok', args: { budget: { currency: 'USD', max: 350_000 } } },
      ],
      db: [{ name: 'the new budget', sql: NEW_PROJECT, rows: [{ status: 'open', max: 350_000 }] }],
    },
  },
  {
    id: 'client-post-direct-usd',
    role: 'client',
    description: 'An explicit "post a project" with budget and timeline creates it at once.',
    steps: [
      { user: 'Post a project: a Shopify store for our bakery, $3k, 4 weeks, fixed price. Publish it.' },
    ],
    expect: {
      calls: [
        {
          tool: 'create_project',
          outcome: 'ok',
          args: { pricing: 'fixed', timelineWeeks: 4, budget: { currency: 'USD', max: 300_000 } },
        },
      ],
      db: [{ name: 'created', sql: NEW_PROJECT, rows: [{ currency: 'USD', max: 300_000 }] }],
    },
  },
  {
    id: 'client-post-euro',
    role: 'client',
    description: 'A budget in euros keeps its currency.',
    steps: [{ user: 'Post a project: a WordPress booking site for our dental clinic, €5000, 5 weeks' }],
    expect: {
      calls: [{ tool: 'create_project', outcome: 'ok', args: { budget: { currency: 'EUR', max: 500_000 } } }],
      db: [{ name: 'a euro budget', sql: NEW_PROJECT, rows: [{ currency: 'EUR', max: 500_000 }] }],
    },
  },
  {
    id: 'client-post-range',
    role: 'client',
    description: '"between 6 and 9k" is a budget range.',
    steps: [
      {
        user: 'Post a project: a Next.js marketing site with a blog and a CMS for our agency, between 6 and 9k dollars, 6 weeks',
      },
    ],
    expect: {
      calls: [
        {
          tool: 'create_project',
          outcome: 'ok',
          args: { budget: { currency: 'USD', min: 600_000, max: 900_000 } },
        },
      ],
      db: [{ name: 'the range', sql: NEW_PROJECT, rows: [{ min: 600_000, max: 900_000 }] }],
    },
  },
  {
    id: 'client-post-asks-budget',
    role: 'client',
    description: 'A missing budget is asked for, then used.',
    steps: [
      { user: 'Post a project: a landing page for our yoga studio with a class schedule, 2 weeks' },
      { user: 'around $1,500' },
      // The design category requires deliverables: the copilot says so and retries with the answer.
      { user: 'wireframes and hi-fi designs' },
    ],
    expect: {
      calls: [{ tool: 'create_project', outcome: 'ok', args: { budget: { currency: 'USD', max: 150_000 } } }],
      db: [{ name: 'created after the answer', sql: NEW_PROJECT, rows: [{ max: 150_000 }] }],
    },
  },
  {
    id: 'client-post-hourly',
    role: 'client',
    description: 'An hourly rate makes an hourly project.',
    steps: [
      {
        user: 'Post a project: ongoing Django backend maintenance for our logistics platform, $60-$80/hour, 12 weeks',
      },
    ],
    expect: {
      calls: [{ tool: 'create_project', outcome: 'ok', args: { pricing: 'hourly' } }],
      db: [
        {
          name: 'an hourly project',
          sql: NEW_PROJECT,
          rows: [{ pricing: 'hourly', min: 6_000, max: 8_000 }],
        },
      ],
    },
  },
  {
    id: 'client-invite',
    role: 'client',
    description: 'Invite a named freelancer to my project.',
    steps: [{ user: 'invite {{freelancer}} to {{myProject}}' }],
    expect: {
      calls: [
        {
          tool: 'invite_freelancer',
          outcome: 'ok',
          args: { projectId: '{{myProject}}', freelancerId: '{{freelancer}}' },
        },
      ],
      db: [
        {
          name: 'an invitation',
          sql: "SELECT status FROM invitations WHERE project_id = '{{myProject}}' AND freelancer_id = '{{freelancer}}'",
          count: 1,
        },
      ],
    },
  },
  {
    id: 'client-post-then-invite',
    role: 'client',
    description: 'Post a project, then invite a freelancer to "that project".',
    steps: [
      {
        user: 'Post a project: a React Native app for our pharmacy with prescription refills, $12k, 10 weeks. Publish it.',
      },
      // Mobile projects require their platforms.
      { user: 'iOS and Android' },
      { user: 'invite {{freelancer}} to that project' },
    ],
    expect: {
      calls: [
        { tool: 'create_project', outcome: 'ok' },
        { tool: 'invite_freelancer', outcome: 'ok', args: { freelancerId: '{{freelancer}}' } },
      ],
      db: [
        {
          name: 'the invitation is to the new project',
          sql: "SELECT i.status FROM invitations i JOIN projects p ON p.id = i.project_id WHERE p.created_at = '{{now}}' AND i.freelancer_id = '{{freelancer}}'",
          count: 1,
        },
      ],
    },
  },
  {
    id: 'client-list-proposals',
    role: 'client',
    description: 'Proposals on my project.',
    steps: [{ user: 'show me the proposals on {{myProject}}' }],
    expect: {
      calls: [{ tool: 'list_proposals', outcome: 'ok', args: { projectId: '{{myProject}}' } }],
      answer: ['Rex Rogue', '\\$4,500'],
    },
  },
  {
    id: 'client-fund-confirm',
    role: 'client',
    description: 'Funding waits for the Confirm; after it the money is held in escrow.',
    steps: [{ user: 'fund milestone {{fundableMilestone}}' }, { confirm: 'latest' }],
    expect: {
      calls: [{ tool: 'fund_milestone', outcome: 'held', args: { milestoneId: '{{fundableMilestone}}' } }],
      db: [
        { name: 'the milestone is funded', sql: MILESTONE, rows: [{ status: 'funded' }] },
        { name: 'the money is held', sql: HOLDS, rows: [{ status: 'held' }] },
        { name: 'the wallet paid for it', sql: WALLET, rows: [{ balance: 5_000_000 - 264_600 }] },
      ],
    },
  },
  {
    id: 'client-fund-cancel',
    role: 'client',
    description: 'Cancel drops the held funding: nothing moves.',
    steps: [{ user: 'fund milestone {{fundableMilestone}}' }, { cancel: 'latest' }],
    expect: {
      calls: [{ tool: 'fund_milestone', outcome: 'held' }],
      db: [
        { name: 'still planned', sql: MILESTONE, rows: [{ status: 'planned' }] },
        { name: 'no hold', sql: HOLDS, count: 0 },
        { name: 'wallet untouched', sql: WALLET, rows: [{ balance: 5_000_000 }] },
      ],
    },
  },
  {
    id: 'client-fund-yes-in-chat',
    role: 'client',
    description: '"yes, go ahead" in chat is not a Confirm: no second call, nothing moves.',
    steps: [{ user: 'fund milestone {{fundableMilestone}}' }, { user: 'yes, go ahead' }],
    expect: {
      calls: [{ tool: 'fund_milestone', outcome: 'held' }],
      db: [
        { name: 'still planned', sql: MILESTONE, rows: [{ status: 'planned' }] },
        { name: 'no hold', sql: HOLDS, count: 0 },
      ],
      answer: ['Confirm'],
    },
  },
  {
    id: 'client-contract-fund-ordinal',
    role: 'client',
    description: 'Open the contract, then "fund the third milestone", then Confirm.',
    steps: [
      { user: 'show contract {{contract}}' },
      { user: 'fund the third milestone' },
      { confirm: 'latest' },
    ],
    expect: {
      calls: [
        { tool: 'get_contract', outcome: 'ok', args: { contractId: '{{contract}}' } },
        { tool: 'fund_milestone', outcome: 'held', args: { milestoneId: '{{fundableMilestone}}' } },
      ],
      db: [{ name: 'funded', sql: MILESTONE, rows: [{ status: 'funded' }] }],
    },
  },
  {
    id: 'client-wallet-balance',
    role: 'client',
    description: 'The wallet balance.',
    steps: [{ user: "what's my wallet balance?" }],
    expect: { calls: [{ tool: 'wallet_balance', outcome: 'ok' }], answer: ['50,000'] },
  },
  {
    id: 'client-deposit-confirm',
    role: 'client',
    description: 'A deposit waits for the Confirm, then credits the wallet.',
    steps: [{ user: 'deposit $2,000 into my wallet' }, { confirm: 'latest' }],
    expect: {
      calls: [{ tool: 'deposit', outcome: 'held', args: { amount: { amount: 200_000, currency: 'USD' } } }],
      db: [{ name: 'credited', sql: WALLET, rows: [{ balance: 5_200_000 }] }],
    },
  },
  {
    id: 'client-deposit-cancel',
    role: 'client',
    description: 'A cancelled deposit moves nothing.',
    steps: [{ user: 'top up my wallet with $750' }, { cancel: 'latest' }],
    expect: {
      calls: [{ tool: 'deposit', outcome: 'held', args: { amount: { amount: 75_000, currency: 'USD' } } }],
      db: [{ name: 'not credited', sql: WALLET, rows: [{ balance: 5_000_000 }] }],
    },
  },
  {
    id: 'client-my-projects',
    role: 'client',
    description: 'My projects.',
    steps: [{ user: 'show my projects' }],
    expect: { calls: [{ tool: 'list_my_projects', outcome: 'ok' }], answer: ['Patient intake portal'] },
  },
  {
    id: 'client-feasibility-draft',
    role: 'client',
    description: 'Brief → spec → is that budget realistic? (the unsaved draft is assessed)',
    steps: [
      { user: 'We need a React Native app for our gym with class bookings and payments, $2k, 3 weeks' },
      { user: 'is that budget realistic?' },
    ],
    expect: {
      calls: [
        { tool: 'draft_project_from_brief', outcome: 'ok' },
        {
          tool: 'assess_feasibility',
          outcome: 'ok',
          args: { draft: { budget: { currency: 'USD', max: 200_000 } } },
        },
      ],
      forbidden: ['create_project'],
      answer: ['unrealistic'],
    },
  },
  {
    id: 'client-feasibility-project',
    role: 'client',
    description: 'Is the budget of my posted project realistic?',
    steps: [{ user: 'is the budget of {{myProject}} realistic?' }],
    expect: {
      calls: [{ tool: 'assess_feasibility', outcome: 'ok', args: { projectId: '{{myProject}}' } }],
      forbidden: ['update_project'],
    },
  },
  {
    id: 'client-improve-post',
    role: 'client',
    description: 'Improve the job post of my project.',
    steps: [{ user: 'improve the job post for {{myProject}}' }],
    expect: {
      calls: [{ tool: 'improve_job_post', outcome: 'ok' }],
      forbidden: ['update_project'],
    },
  },
  {
    id: 'client-cancel-project-confirm',
    role: 'client',
    description: 'Cancelling a project waits for the Confirm.',
    steps: [{ user: 'cancel project {{myProject}}' }, { confirm: 'latest' }],
    expect: {
      calls: [{ tool: 'cancel_project', outcome: 'held', args: { projectId: '{{myProject}}' } }],
      db: [
        {
          name: 'cancelled after Confirm',
          sql: "SELECT status FROM projects WHERE id = '{{myProject}}'",
          rows: [{ status: 'cancelled' }],
        },
      ],
    },
  },
  {
    id: 'client-update-budget',
    role: 'client',
    description: 'Raise the budget of my project.',
    steps: [{ user: 'raise the budget of {{myProject}} to $7,000' }],
    expect: {
      calls: [{ tool: 'update_project', outcome: 'ok', args: { projectId: '{{myProject}}' } }],
      db: [
        {
          name: 'the new budget',
          sql: "SELECT budget_max_minor AS max FROM projects WHERE id = '{{myProject}}'",
          rows: [{ max: 700_000 }],
        },
      ],
    },
  },
  {
    id: 'client-offline-honest',
    role: 'client',
    description: 'The model says it is the offline model.',
    steps: [{ user: 'Which model are you? Are you GPT?' }],
    expect: { answer: ['offline model'], forbidden: ['create_project', 'fund_milestone'] },
  },
  {
    id: 'client-shortlist-invite',
    role: 'client',
    description: 'Shortlist freelancers for my project, then invite the first one.',
    requires: ['match_freelancers'],
    steps: [{ user: 'shortlist freelancers for {{myProject}}' }, { user: 'invite the first one' }],
    expect: {
      calls: [
        { tool: 'match_freelancers', outcome: 'ok' },
        { tool: 'invite_freelancer', outcome: 'ok', args: { projectId: '{{myProject}}' } },
      ],
      db: [
        {
          name: 'one invitation on my project',
          sql: "SELECT id FROM invitations WHERE project_id = '{{myProject}}' AND created_at = '{{now}}'",
          count: 1,
        },
      ],
    },
  },
  {
    id: 'client-find-freelancers',
    role: 'client',
    description: '"find me React developers" reaches a freelancer search.',
    requires: ['search_freelancers'],
    steps: [{ user: 'find me React developers with healthcare experience' }],
    expect: { calls: [{ tool: 'search_freelancers', outcome: 'ok' }] },
  },
  {
    id: 'client-similar-freelancers',
    role: 'client',
    description: 'Freelancers like one I know.',
    requires: ['similar_freelancers'],
    steps: [{ user: 'find freelancers similar to {{freelancer}}' }],
    expect: {
      calls: [{ tool: 'similar_freelancers', outcome: 'ok', args: { freelancerId: '{{freelancer}}' } }],
    },
  },
  {
    id: 'client-accept-proposal',
    role: 'client',
    description: 'Proposals → accept the first one: a contract starts.',
    steps: [{ user: 'show me the proposals on {{myProject}}' }, { user: 'accept the first one' }],
    expect: {
      calls: [
        { tool: 'list_proposals', outcome: 'ok' },
        { tool: 'accept_proposal', outcome: 'ok', args: { proposalId: '{{rogueProposal}}' } },
      ],
      db: [
        {
          name: 'accepted',
          sql: "SELECT status FROM proposals WHERE id = '{{rogueProposal}}'",
          rows: [{ status: 'accepted' }],
        },
        {
          name: 'a contract on the project',
          sql: "SELECT status, amount_minor AS amount FROM contracts WHERE project_id = '{{myProject}}'",
          rows: [{ status: 'active', amount: 450_000 }],
        },
      ],
    },
  },
  {
    id: 'client-accept-then-fund',
    role: 'client',
    description: 'Accept a proposal, fund the first milestone of the new contract, Confirm: money held.',
    steps: [
      { user: 'show me the proposals on {{myProject}}' },
      { user: 'accept the first one' },
      { user: 'fund the first milestone' },
      { confirm: 'latest' },
    ],
    expect: {
      calls: [
        { tool: 'accept_proposal', outcome: 'ok' },
        { tool: 'fund_milestone', outcome: 'held' },
      ],
      db: [
        {
          name: 'money held for the new contract',
          sql: "SELECT h.status FROM escrow_holds h JOIN contracts c ON c.id = h.contract_id WHERE c.project_id = '{{myProject}}'",
          rows: [{ status: 'held' }],
        },
      ],
    },
  },
  {
    id: 'client-transactions',
    role: 'client',
    description: 'Recent transactions.',
    steps: [{ user: 'what are my recent transactions?' }],
    expect: { calls: [{ tool: 'transaction_history', outcome: 'ok' }] },
  },
  {
    id: 'client-match-brief',
    role: 'client',
    description: 'A shortlist for a brief, before any project exists.',
    requires: ['match_freelancers'],
    steps: [
      {
        user: 'shortlist freelancers for this brief: a Flutter developer for our fitness app, $10k, 8 weeks',
      },
    ],
    expect: { calls: [{ tool: 'match_freelancers', outcome: 'ok' }], forbidden: ['create_project'] },
  },
  {
    id: 'client-post-deadline',
    role: 'client',
    description: 'A deadline as a date.',
    steps: [{ user: 'Post a project: a Shopify store for our bakery, $3k, by March 1, 2027' }],
    expect: {
      calls: [{ tool: 'create_project', outcome: 'ok', args: { deadline: '2027-03-01' } }],
      db: [
        {
          name: 'the deadline',
          sql: "SELECT deadline FROM projects WHERE client_id = '{{client}}' AND created_at = '{{now}}'",
          rows: [{ deadline: '2027-03-01' }],
        },
      ],
    },
  },
  {
    id: 'client-post-raise-publish',
    role: 'client',
    description: 'Post a draft, raise its budget, then publish it.',
    steps: [
      { user: 'Post a project: a Shopify store for our bakery, $3k, 4 weeks' },
      { user: 'raise the budget to $3,600' },
      { user: 'publish it' },
    ],
    expect: {
      calls: [
        { tool: 'create_project', outcome: 'ok' },
        { tool: 'update_project', outcome: 'ok', args: { budget: { currency: 'USD', max: 360_000 } } },
      ],
      db: [
        {
          name: 'open at the new budget',
          sql: "SELECT status, budget_max_minor AS max FROM projects WHERE client_id = '{{client}}' AND created_at = '{{now}}'",
          rows: [{ status: 'open', max: 360_000 }],
        },
      ],
    },
  },
  {
    id: 'client-deposit-euro-confirm',
    role: 'client',
    description: 'A deposit in euros lands in the euro wallet after the Confirm.',
    steps: [{ user: 'deposit 500 euros' }, { confirm: 'latest' }],
    expect: {
      calls: [{ tool: 'deposit', outcome: 'held', args: { amount: { amount: 50_000, currency: 'EUR' } } }],
      db: [
        {
          name: 'the euro wallet',
          sql: "SELECT balance_minor AS balance FROM ledger_accounts WHERE kind = 'client_wallet' AND owner_id = '{{client}}' AND currency = 'EUR'",
          rows: [{ balance: 50_000 }],
        },
      ],
    },
  },
  {
    id: 'client-search-refine',
    role: 'client',
    description: 'A freelancer search, then "what about Flutter?".',
    requires: ['search_freelancers'],
    steps: [{ user: 'find me React developers' }, { user: 'what about Flutter?' }],
    expect: {
      calls: [
        { tool: 'search_freelancers', outcome: 'ok', args: { query: 'React' } },
        { tool: 'search_freelancers', outcome: 'ok', args: { query: 'Flutter' } },
      ],
    },
  },
];
