import type { Scenario } from '../scenario';

const FLAG = (key: string) => `SELECT enabled, rollout_bps AS bps FROM feature_flags WHERE key = '${key}'`;
const ALERT = "SELECT status FROM risk_alerts WHERE id = '{{riskiestAlert}}'";

export const adminScenarios: Scenario[] = [
  {
    id: 'admin-riskiest-table',
    role: 'admin',
    description: 'Headline: the riskiest new accounts, as a table riskiest first.',
    steps: [{ user: 'Which new accounts look the riskiest?' }],
    expect: {
      calls: [{ tool: 'list_risk_alerts', outcome: 'ok' }],
      answer: ['1\\. Quick Cash Dev', '93/100'],
    },
  },
  {
    id: 'admin-riskiest-assess-first',
    role: 'admin',
    description: 'From the table, assess the first account.',
    steps: [{ user: 'show me the riskiest accounts' }, { user: 'assess the first one' }],
    expect: {
      calls: [
        { tool: 'list_risk_alerts' },
        { tool: 'assess_user', outcome: 'ok', args: { userId: '{{riskiest}}' } },
      ],
      answer: ['Quick Cash Dev'],
    },
  },
  {
    id: 'admin-high-band',
    role: 'admin',
    description: 'Only high-risk alerts.',
    steps: [{ user: 'list high risk alerts' }],
    expect: { calls: [{ tool: 'list_risk_alerts', outcome: 'ok', args: { band: 'high' } }] },
  },
  {
    id: 'admin-fraud-overview',
    role: 'admin',
    description: 'The fraud overview.',
    steps: [{ user: 'give me a fraud overview' }],
    expect: { calls: [{ tool: 'fraud_overview', outcome: 'ok' }], forbidden: ['list_risk_alerts'] },
  },
  {
    id: 'admin-assess-user',
    role: 'admin',
    description: 'Assess one account by id.',
    steps: [{ user: 'assess user {{riskiest}}' }],
    expect: { calls: [{ tool: 'assess_user', outcome: 'ok', args: { userId: '{{riskiest}}' } }] },
  },
  {
    id: 'admin-rollout-confirm',
    role: 'admin',
    description: 'Headline: a rollout to 50% waits for the Confirm, then changes.',
    steps: [{ user: 'Roll out ai_matching_v2 to 50%' }, { confirm: 'latest' }],
    expect: {
      calls: [
        { tool: 'set_flag_rollout', outcome: 'held', args: { flagKey: 'ai_matching_v2', percent: 50 } },
      ],
      db: [{ name: 'at 50%', sql: FLAG('ai_matching_v2'), rows: [{ enabled: 1, bps: 5_000 }] }],
    },
  },
  {
    id: 'admin-rollout-cancel',
    role: 'admin',
    description: 'A cancelled rollout changes nothing.',
    steps: [{ user: 'ramp semantic_search up to 75%' }, { cancel: 'latest' }],
    expect: {
      calls: [
        { tool: 'set_flag_rollout', outcome: 'held', args: { flagKey: 'semantic_search', percent: 75 } },
      ],
      db: [{ name: 'still 50%', sql: FLAG('semantic_search'), rows: [{ bps: 5_000 }] }],
    },
  },
  {
    id: 'admin-rollout-yes-in-chat',
    role: 'admin',
    description: '"yes" in chat does not confirm a rollback.',
    steps: [{ user: 'set proposal_copilot rollout to 40 percent' }, { user: 'yes, do it' }],
    expect: {
      calls: [
        { tool: 'set_flag_rollout', outcome: 'held', args: { flagKey: 'proposal_copilot', percent: 40 } },
      ],
      db: [{ name: 'still 100%', sql: FLAG('proposal_copilot'), rows: [{ bps: 10_000 }] }],
      answer: ['Confirm'],
    },
  },
  {
    id: 'admin-rollout-lower-confirm',
    role: 'admin',
    description: 'Rolling back to a lower share.',
    steps: [{ user: 'lower ai_matching_v2 to 5%' }, { confirm: 'latest' }],
    expect: {
      calls: [{ tool: 'set_flag_rollout', outcome: 'held', args: { flagKey: 'ai_matching_v2', percent: 5 } }],
      db: [{ name: 'at 5%', sql: FLAG('ai_matching_v2'), rows: [{ bps: 500 }] }],
    },
  },
  {
    id: 'admin-disable-flag-confirm',
    role: 'admin',
    description: 'Disabling a flag waits for the Confirm.',
    steps: [{ user: 'disable the semantic_search flag' }, { confirm: 'latest' }],
    expect: {
      calls: [
        { tool: 'set_flag_enabled', outcome: 'held', args: { flagKey: 'semantic_search', enabled: false } },
      ],
      db: [{ name: 'off', sql: FLAG('semantic_search'), rows: [{ enabled: 0 }] }],
    },
  },
  {
    id: 'admin-enable-flag-cancel',
    role: 'admin',
    description: 'Enabling then cancelling leaves the flag off.',
    steps: [{ user: 'turn on reputation_in_ranking' }, { cancel: 'latest' }],
    expect: {
      calls: [
        {
          tool: 'set_flag_enabled',
          outcome: 'held',
          args: { flagKey: 'reputation_in_ranking', enabled: true },
        },
      ],
      db: [{ name: 'still off', sql: FLAG('reputation_in_ranking'), rows: [{ enabled: 0 }] }],
    },
  },
  {
    id: 'admin-list-flags',
    role: 'admin',
    description: 'The feature flags.',
    steps: [{ user: 'list the feature flags' }],
    expect: { calls: [{ tool: 'list_flags', outcome: 'ok' }], answer: ['ai_matching_v2'] },
  },
  {
    id: 'admin-get-flag',
    role: 'admin',
    description: 'One flag.',
    steps: [{ user: 'show flag ai_matching_v2' }],
    expect: { calls: [{ tool: 'get_flag', outcome: 'ok', args: { flagKey: 'ai_matching_v2' } }] },
  },
  {
    id: 'admin-kpis',
    role: 'admin',
    description: 'Platform KPIs.',
    steps: [{ user: 'how is the platform doing?' }],
    expect: { calls: [{ tool: 'platform_kpis', outcome: 'ok' }] },
  },
  {
    id: 'admin-cohorts',
    role: 'admin',
    description: 'Retention by cohort.',
    steps: [{ user: 'show retention by signup cohort' }],
    expect: { calls: [{ tool: 'cohort_retention', outcome: 'ok' }] },
  },
  {
    id: 'admin-dismiss-alert-confirm',
    role: 'admin',
    description: 'Dismissing an alert waits for the Confirm.',
    steps: [
      { user: 'dismiss alert {{riskiestAlert}} with the note: verified the owner by phone' },
      { confirm: 'latest' },
    ],
    expect: {
      calls: [{ tool: 'resolve_alert', outcome: 'held', args: { alertId: '{{riskiestAlert}}' } }],
      db: [{ name: 'dismissed', sql: ALERT, rows: [{ status: 'dismissed' }] }],
    },
  },
  {
    id: 'admin-riskiest-then-rollout',
    role: 'admin',
    description: 'Headline, whole: the riskiest accounts, then a rollout to 50% that waits for the Confirm.',
    steps: [
      { user: 'Which new accounts look the riskiest?' },
      { user: 'Roll out ai_matching_v2 to 50%' },
      { confirm: 'latest' },
    ],
    expect: {
      calls: [
        { tool: 'list_risk_alerts', outcome: 'ok' },
        { tool: 'set_flag_rollout', outcome: 'held', args: { flagKey: 'ai_matching_v2', percent: 50 } },
      ],
      db: [{ name: 'at 50%', sql: FLAG('ai_matching_v2'), rows: [{ bps: 5_000 }] }],
    },
  },
  {
    id: 'admin-offline-honest',
    role: 'admin',
    description: 'Honest about the model.',
    steps: [{ user: 'What model are you?' }],
    expect: { answer: ['offline model'], forbidden: ['set_flag_rollout'] },
  },
  {
    id: 'admin-suspend-confirm',
    role: 'admin',
    description: 'The riskiest account suspended: a note is asked for, then the Confirm runs it.',
    steps: [
      { user: 'show me the riskiest accounts' },
      { user: 'suspend the first one' },
      { user: 'same card used by five accounts' },
      { confirm: 'latest' },
    ],
    expect: {
      calls: [
        {
          tool: 'resolve_alert',
          outcome: 'held',
          args: { alertId: '{{riskiestAlert}}', action: 'suspend', note: 'same card used by five accounts' },
        },
      ],
      db: [
        { name: 'alert suspended', sql: ALERT, rows: [{ status: 'suspended' }] },
        {
          name: 'account suspended',
          sql: "SELECT status FROM users WHERE id = '{{riskiest}}'",
          rows: [{ status: 'suspended' }],
        },
      ],
    },
  },
  {
    id: 'admin-warn-cancel',
    role: 'admin',
    description: 'A warning cancelled: the alert stays open.',
    steps: [
      { user: 'show me the riskiest accounts' },
      { user: 'warn the first one' },
      { user: 'first warning: unusual payout pattern' },
      { cancel: 'latest' },
    ],
    expect: {
      calls: [{ tool: 'resolve_alert', outcome: 'held', args: { action: 'warn' } }],
      db: [{ name: 'still open', sql: ALERT, rows: [{ status: 'open' }] }],
    },
  },
  {
    id: 'admin-alerts-since',
    role: 'admin',
    description: 'Alerts updated since a date.',
    steps: [{ user: 'which alerts were updated since 2026-11-21?' }],
    expect: { calls: [{ tool: 'list_risk_alerts', outcome: 'ok', args: { since: '2026-11-21' } }] },
  },
  {
    id: 'admin-exposure-report',
    role: 'admin',
    description: 'The exposure report of an experiment.',
    steps: [{ user: 'show the exposure report for ai_matching_v2' }],
    expect: { calls: [{ tool: 'flag_exposure_report', outcome: 'ok', args: { flagKey: 'ai_matching_v2' } }] },
  },
  {
    id: 'admin-rollback-zero',
    role: 'admin',
    description: 'Roll a flag back to 0%.',
    steps: [{ user: 'set ai_matching_v2 to 0%' }, { confirm: 'latest' }],
    expect: {
      calls: [{ tool: 'set_flag_rollout', outcome: 'held', args: { flagKey: 'ai_matching_v2', percent: 0 } }],
      db: [{ name: 'at 0%', sql: FLAG('ai_matching_v2'), rows: [{ bps: 0 }] }],
    },
  },
  {
    id: 'admin-disputes',
    role: 'admin',
    description: 'Open disputes.',
    steps: [{ user: 'list open disputes' }],
    expect: { calls: [{ tool: 'list_disputes', outcome: 'ok', args: { status: 'open' } }] },
  },
  {
    id: 'admin-verifications',
    role: 'admin',
    description: 'Pending verifications.',
    steps: [{ user: 'show pending verifications' }],
    expect: { calls: [{ tool: 'list_verifications', outcome: 'ok' }] },
  },
  {
    id: 'admin-suspend-because',
    role: 'admin',
    description: 'Suspend with the reason in the same message.',
    steps: [
      { user: 'show me the riskiest accounts' },
      { user: 'suspend the first one because the same card is used by five accounts' },
      { confirm: 'latest' },
    ],
    expect: {
      calls: [
        {
          tool: 'resolve_alert',
          outcome: 'held',
          args: { action: 'suspend', note: 'the same card is used by five accounts' },
        },
      ],
      db: [{ name: 'suspended', sql: ALERT, rows: [{ status: 'suspended' }] }],
    },
  },
];
