import type { Scenario } from '../scenario';

const MY_PROPOSAL = (project: string) =>
  `SELECT amount_minor AS amount, currency, estimated_weeks AS weeks, status FROM proposals WHERE freelancer_id = '{{freelancer}}' AND project_id = '${project}'`;
const PROFILE =
  "SELECT hourly_rate_minor AS rate, currency, availability FROM freelancer_profiles WHERE user_id = '{{freelancer}}'";

export const freelancerScenarios: Scenario[] = [
  {
    id: 'freelancer-find-react',
    role: 'freelancer',
    description: 'Find React jobs.',
    steps: [{ user: 'find me React jobs' }],
    expect: {
      calls: [{ tool: 'search_projects', outcome: 'ok', args: { query: 'React' } }],
      answer: ['Patient intake portal in React'],
    },
  },
  {
    id: 'freelancer-find-hourly-django',
    role: 'freelancer',
    description: 'A filtered search.',
    steps: [{ user: 'show me hourly Django projects paying over $50/hour' }],
    expect: {
      calls: [
        {
          tool: 'search_projects',
          outcome: 'ok',
          args: { query: 'Django', pricing: 'hourly', budget: { currency: 'USD', min: 5_000 } },
        },
      ],
    },
  },
  {
    id: 'freelancer-search-then-details',
    role: 'freelancer',
    description: '"tell me more about the first one" opens the first result.',
    steps: [{ user: 'find me React jobs' }, { user: 'tell me more about the first one' }],
    expect: { calls: [{ tool: 'search_projects' }, { tool: 'get_project', outcome: 'ok' }] },
  },
  {
    id: 'freelancer-draft-then-submit-bid',
    role: 'freelancer',
    description: 'Headline: draft a proposal, then submit it with a bid of my own.',
    steps: [
      { user: 'draft a proposal for {{myProject}}' },
      { user: 'submit it with a bid of $5,200, 5 weeks' },
    ],
    expect: {
      calls: [
        { tool: 'draft_proposal', outcome: 'ok', args: { projectId: '{{myProject}}' } },
        {
          tool: 'submit_proposal',
          outcome: 'ok',
          args: {
            projectId: '{{myProject}}',
            amount: { amount: 520_000, currency: 'USD' },
            estimatedWeeks: 5,
          },
        },
      ],
      db: [
        {
          name: 'the proposal at my bid',
          sql: MY_PROPOSAL('{{myProject}}'),
          rows: [{ amount: 520_000, currency: 'USD', weeks: 5, status: 'submitted' }],
        },
        {
          name: 'its milestones add up to the bid',
          sql: "SELECT sum(json_extract(m.value, '$.amount.amount')) AS total FROM proposals p, json_each(p.milestones) m WHERE p.freelancer_id = '{{freelancer}}' AND p.project_id = '{{myProject}}' HAVING count(*) > 0",
          rows: [{ total: 520_000 }],
        },
      ],
    },
  },
  {
    id: 'freelancer-draft-then-submit-as-is',
    role: 'freelancer',
    description: 'Draft a proposal, then "submit it" unchanged.',
    steps: [{ user: 'draft a proposal for {{myProject}}' }, { user: 'looks great, submit it' }],
    expect: {
      calls: [
        { tool: 'draft_proposal', outcome: 'ok' },
        { tool: 'submit_proposal', outcome: 'ok' },
      ],
      db: [{ name: 'one submitted proposal', sql: MY_PROPOSAL('{{myProject}}'), count: 1 }],
    },
  },
  {
    id: 'freelancer-search-draft-submit',
    role: 'freelancer',
    description: 'Search React jobs, draft for the intake portal by id, submit with a bid.',
    steps: [
      { user: 'find me React jobs' },
      { user: 'draft a proposal for {{myProject}}' },
      { user: 'submit it with a bid of $4,900' },
    ],
    expect: {
      calls: [
        { tool: 'search_projects', outcome: 'ok' },
        { tool: 'draft_proposal', outcome: 'ok' },
        { tool: 'submit_proposal', outcome: 'ok', args: { amount: { amount: 490_000, currency: 'USD' } } },
      ],
      db: [{ name: 'the bid', sql: MY_PROPOSAL('{{myProject}}'), rows: [{ amount: 490_000 }] }],
    },
  },
  {
    id: 'freelancer-submit-direct',
    role: 'freelancer',
    description: 'A proposal written in one message.',
    steps: [
      {
        user: 'Submit a proposal to {{myProject}} for $4,800, 5 weeks. Cover letter: I built three patient portals in React last year.',
      },
    ],
    expect: {
      calls: [
        {
          tool: 'submit_proposal',
          outcome: 'ok',
          args: {
            projectId: '{{myProject}}',
            amount: { amount: 480_000, currency: 'USD' },
            estimatedWeeks: 5,
            coverLetter: 'I built three patient portals in React last year.',
          },
        },
      ],
      db: [{ name: 'stored', sql: MY_PROPOSAL('{{myProject}}'), rows: [{ amount: 480_000, weeks: 5 }] }],
    },
  },
  {
    id: 'freelancer-submit-then-withdraw',
    role: 'freelancer',
    description: 'Submit, then withdraw the proposal.',
    steps: [
      {
        user: 'Submit a proposal to {{myProject}} for $4,800, 5 weeks. Cover letter: I built three patient portals in React last year.',
      },
      { user: 'withdraw my proposal on {{myProject}}' },
    ],
    expect: {
      calls: [
        { tool: 'submit_proposal', outcome: 'ok' },
        { tool: 'withdraw_proposal', outcome: 'ok' },
      ],
      db: [{ name: 'withdrawn', sql: MY_PROPOSAL('{{myProject}}'), rows: [{ status: 'withdrawn' }] }],
    },
  },
  {
    id: 'freelancer-wallet',
    role: 'freelancer',
    description: 'The wallet balance.',
    steps: [{ user: 'how much money do I have?' }],
    expect: { calls: [{ tool: 'wallet_balance', outcome: 'ok' }] },
  },
  {
    id: 'freelancer-raise-rate',
    role: 'freelancer',
    description: 'Raise my hourly rate.',
    steps: [{ user: 'set my hourly rate to $110' }],
    expect: {
      calls: [
        {
          tool: 'update_my_profile',
          outcome: 'ok',
          args: { hourlyRate: { amount: 11_000, currency: 'USD' } },
        },
      ],
      db: [{ name: 'the new rate', sql: PROFILE, rows: [{ rate: 11_000, currency: 'USD' }] }],
    },
  },
  {
    id: 'freelancer-availability',
    role: 'freelancer',
    description: 'Change availability.',
    steps: [{ user: "I'm now available part-time" }],
    expect: {
      calls: [{ tool: 'update_my_profile', outcome: 'ok', args: { availability: 'part_time' } }],
      db: [{ name: 'part time', sql: PROFILE, rows: [{ availability: 'part_time' }] }],
    },
  },
  {
    id: 'freelancer-case-study',
    role: 'freelancer',
    description: 'Add a case study.',
    steps: [
      {
        user: 'Add a case study: "Telehealth dashboard" — built a React dashboard for a telehealth startup; cut load times by 40%.',
      },
    ],
    expect: {
      calls: [{ tool: 'add_case_study', outcome: 'ok' }],
      db: [
        {
          name: 'stored',
          sql: "SELECT id FROM case_studies WHERE freelancer_id = '{{freelancer}}' AND created_at = '{{now}}'",
          count: 1,
        },
      ],
    },
  },
  {
    id: 'freelancer-view-profile',
    role: 'freelancer',
    description: 'My own profile.',
    steps: [{ user: 'show my profile' }],
    expect: { calls: [{ tool: 'get_freelancer_profile', outcome: 'ok' }] },
  },
  {
    id: 'freelancer-recommend',
    role: 'freelancer',
    description: 'Jobs that fit my profile.',
    requires: ['recommend_projects'],
    steps: [{ user: 'recommend jobs for me' }],
    expect: { calls: [{ tool: 'recommend_projects', outcome: 'ok' }] },
  },
  {
    id: 'freelancer-offline-honest',
    role: 'freelancer',
    description: 'Honest about the model.',
    steps: [{ user: 'are you ChatGPT or Claude?' }],
    expect: { answer: ['offline model'], forbidden: ['submit_proposal'] },
  },
  {
    id: 'freelancer-greeting',
    role: 'freelancer',
    description: 'A greeting calls nothing.',
    steps: [{ user: 'hi' }, { user: 'what can you do?' }],
    expect: { forbidden: ['submit_proposal', 'withdraw', 'update_my_profile'] },
  },
  {
    id: 'freelancer-withdraw-cancel',
    role: 'freelancer',
    description: 'A withdrawal request is held (or refused); Cancel leaves the money where it is.',
    steps: [{ user: 'withdraw $100 to my bank account' }, { cancel: 'latest' }],
    expect: { calls: [{ tool: 'withdraw', outcome: 'held' }] },
  },
  {
    id: 'freelancer-similar-projects',
    role: 'freelancer',
    description: 'Projects like one I saw.',
    requires: ['similar_projects'],
    steps: [{ user: 'show projects similar to {{myProject}}' }],
    expect: { calls: [{ tool: 'similar_projects', outcome: 'ok', args: { projectId: '{{myProject}}' } }] },
  },
  {
    id: 'freelancer-recommend-draft-submit',
    role: 'freelancer',
    // By id rather than "the first one": which job ranks first is the matching's business, not this eval's.
    description: 'Recommended jobs → draft for one of them → submit with my bid.',
    requires: ['recommend_projects'],
    steps: [
      { user: 'recommend jobs for me' },
      { user: 'draft a proposal for {{myProject}}' },
      { user: 'submit it with a bid of $4,700' },
    ],
    expect: {
      calls: [
        { tool: 'recommend_projects', outcome: 'ok' },
        { tool: 'draft_proposal', outcome: 'ok' },
        { tool: 'submit_proposal', outcome: 'ok', args: { amount: { amount: 470_000, currency: 'USD' } } },
      ],
      db: [
        {
          name: 'the bid is stored',
          sql: "SELECT amount_minor AS amount FROM proposals WHERE freelancer_id = '{{freelancer}}' AND created_at = '{{now}}'",
          rows: [{ amount: 470_000 }],
        },
      ],
    },
  },
  {
    id: 'freelancer-related-skills',
    role: 'freelancer',
    description: 'Skills related to mine.',
    steps: [{ user: 'what skills are related to React?' }],
    expect: { calls: [{ tool: 'skill_graph', outcome: 'ok' }] },
  },
  {
    id: 'freelancer-log-time',
    role: 'freelancer',
    as: 'hourly',
    description: 'Log hours on an hourly contract, with what the work was.',
    steps: [{ user: 'log 3 hours on contract {{hourlyContract}} for fixing the login bug' }],
    expect: {
      calls: [
        {
          tool: 'log_time',
          outcome: 'ok',
          args: { contractId: '{{hourlyContract}}', minutes: 180, description: 'fixing the login bug' },
        },
      ],
      db: [
        {
          name: 'the time log',
          sql: "SELECT minutes FROM time_logs WHERE contract_id = '{{hourlyContract}}' AND created_at = '{{now}}'",
          rows: [{ minutes: 180 }],
        },
      ],
    },
  },
  {
    id: 'freelancer-log-time-ask',
    role: 'freelancer',
    as: 'hourly',
    description: 'Log time without saying what: the copilot asks, then logs.',
    steps: [
      { user: 'log 90 minutes on contract {{hourlyContract}} today' },
      { user: 'code review and deployment of the API' },
    ],
    expect: {
      calls: [
        {
          tool: 'log_time',
          outcome: 'ok',
          args: { minutes: 90, description: 'code review and deployment of the API' },
        },
      ],
    },
  },
  {
    id: 'freelancer-search-refine',
    role: 'freelancer',
    description: 'A job search, then "what about Vue?" and "and Django?".',
    steps: [{ user: 'find me React jobs' }, { user: 'what about Vue?' }, { user: 'and Django?' }],
    expect: {
      calls: [
        { tool: 'search_projects', args: { query: 'React' } },
        { tool: 'search_projects', args: { query: 'Vue' } },
        { tool: 'search_projects', args: { query: 'Django' } },
      ],
    },
  },
  {
    id: 'freelancer-update-skills',
    role: 'freelancer',
    description: 'Replace my skills with years.',
    steps: [{ user: 'update my skills: React 6 years, Node.js 5 years' }],
    expect: {
      calls: [
        {
          tool: 'update_my_profile',
          outcome: 'ok',
          args: {
            skills: [
              { name: 'React', years: 6 },
              { name: 'Node.js', years: 5 },
            ],
          },
        },
      ],
      db: [
        {
          name: 'two skills',
          sql: "SELECT s.name, ps.years FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.user_id = '{{freelancer}}' ORDER BY s.name",
          rows: [
            { name: 'Node.js', years: 5 },
            { name: 'React', years: 6 },
          ],
        },
      ],
    },
  },
];
