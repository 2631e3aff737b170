/**
 * Which tool a request is for. A table of intents, each with the phrasings that signal it and the tool
 * names that serve it (best first). Tools come from other parts of the product over time, so an intent
 * whose preferred tools are not bound falls back to a bound tool whose name and description share its
 * keywords. The model can only ever pick among the tools bound to it.
 */
import { contentWords, normalize, plain, splitIdentifier, stem } from './parse/text';
import type { BoundTool } from './tools';

export interface Intent {
  id: string;
  /** Preferred tool names, best first. */
  tools: readonly string[];
  /** Words that identify a tool for this intent by its name or description when none of `tools` is bound. */
  keywords: readonly string[];
  patterns: readonly RegExp[];
  /** Moves money or changes the platform: only counts as the request itself, near the start of a message. */
  risky?: boolean;
  /** Arguments the phrasing itself implies ("publish it" → status open). */
  preset?: Record<string, unknown>;
}

const PEOPLE =
  '(?:freelancers?|developers?|devs?|designers?|writers?|engineers?|experts?|candidates?|talent|people|someone|somebody|contractors?|consultants?|specialists?|editors?|marketers?|translators?|animators?|programmers?|coders?|illustrators?|copywriters?|accountants?|lawyers?|testers?|architects?|analysts?|scientists?|agenc(?:y|ies))';
const WORK =
  '(?:jobs?|projects?|gigs?|work|opportunit(?:y|ies)|openings?|contracts? to bid on|listings?|postings?)';
/**
 * Up to n characters that do not cross "my" (so "show my projects" is not a search) or the end of a sentence
 * (a dot inside "3.5" or "node.js" is not one).
 */
const GAP = (n: number) => `(?:(?!\\bmy\\b)(?:[^.!?\\n]|\\.(?=\\S))){0,${n}}?`;

/** "projects similar to prj_…" is the similar_* intent, not a search for the word "similar". */
const NOT_SIMILAR = '(?!\\s+(?:similar to|like (?:this|that|it|him|her|them)\\b))';

/** The table. Order breaks ties between intents matched at the same place. */
export const INTENTS: readonly Intent[] = [
  {
    id: 'whoami',
    tools: ['whoami'],
    keywords: ['whoami', 'signed', 'account'],
    patterns: [
      /\bwho am i\b/,
      /\bwhich account\b/,
      /\bam i (?:logged|signed) in\b/,
      /\bwhat(?:'s| is) my (?:name|user ?id|id|role|email|account)\b/,
      /\bmy (?:account|user ?id|role)\b/,
    ],
  },
  {
    id: 'respond_scope_change',
    tools: ['respond_scope_change'],
    keywords: ['respond', 'scope'],
    patterns: [
      /\b(?:approve|accept|reject|decline|refuse)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:scope|change request)\b/,
    ],
  },
  {
    id: 'request_scope_change',
    tools: ['request_scope_change'],
    keywords: ['scope', 'change', 'request'],
    patterns: [
      /\b(?:request|ask for|propose|suggest|need)\b(?:[^.!?\n]|\.(?=\S)){0,30}\bscope change\b/,
      /\bchange (?:the|of) scope\b/,
      /\bscope change\b/,
    ],
  },
  {
    id: 'withdraw_proposal',
    tools: ['withdraw_proposal'],
    keywords: ['withdraw', 'proposal'],
    patterns: [
      /\b(?:withdraw|retract|take back|pull|cancel)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:proposals?|bids?|applications?|prp_[0-9a-z]+)\b/,
    ],
  },
  {
    id: 'draft_proposal',
    tools: ['draft_proposal'],
    keywords: ['draft', 'proposal', 'cover'],
    patterns: [
      /\b(?:draft|write|prepare|compose|help me (?:write|with))\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:proposal|cover letter|pitch)\b/,
    ],
  },
  {
    id: 'submit_proposal',
    tools: ['submit_proposal'],
    keywords: ['submit', 'proposal', 'bid'],
    patterns: [
      /\b(?:submit|send) (?:it|this|that|the draft|the proposal|my proposal)\b/,
      /\b(?:submit|send|place|put in|make)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:proposal|bid|offer|application)\b/,
      /\bbid\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:on|for)\b/,
      /\bapply\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:to|for)\b/,
      /\bpropose\b(?:[^.!?\n]|\.(?=\S)){0,30}\$|\bpropose\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:to|for|on)\b/,
    ],
  },
  {
    id: 'my_proposals',
    tools: ['list_my_proposals'],
    keywords: ['proposals', 'my'],
    patterns: [
      /\bmy (?:own |recent |latest |open |submitted )?(?:proposals?|bids?|applications?)\b/,
      /\b(?:proposals?|bids?) (?:i(?:'ve| have)? )?(?:sent|submitted|made)\b/,
      /\bwhere do my (?:proposals|bids) stand\b/,
    ],
  },
  {
    id: 'list_proposals',
    tools: ['list_proposals'],
    keywords: ['proposals', 'received'],
    patterns: [
      /\b(?:proposals?|bids?|applicants?|applications?|offers?)\b(?:[^.!?\n]|\.(?=\S)){0,15}\b(?:on|for|to|received)\b(?:[^.!?\n]|\.(?=\S)){0,25}\b(?:project|job|it|that|this|my|the)\b/,
      /\bwho (?:has )?(?:applied|bid|sent (?:a )?proposals?)\b/,
      /\b(?:show|list|see|review|compare|any|get)\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:proposals|bids|applicants|applications)\b/,
    ],
  },
  {
    id: 'accept_proposal',
    tools: ['accept_proposal'],
    keywords: ['accept', 'proposal', 'hire'],
    patterns: [
      /\baccept\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:proposal|bid|offer|one|him|her|them|it|prp_[0-9a-z]+)\b/,
      /\bhire (?:the|him|her|them|this|that)\b/,
      /\bgo with (?:the|him|her|them|this|that)\b/,
    ],
  },
  {
    id: 'invite',
    tools: ['invite_freelancer'],
    keywords: ['invite', 'freelancer'],
    patterns: [/\binvite\b/, /\bask (?:him|her|them|the \w+ (?:one|freelancer)) to (?:apply|bid|send)\b/],
  },
  {
    id: 'publish',
    tools: ['update_project', 'create_project'],
    keywords: ['publish', 'project', 'status'],
    preset: { status: 'open' },
    patterns: [
      /\b(?:publish|go live with|make (?:it|this|that) (?:public|live)|open (?:it|this|that) (?:up )?(?:to|for) (?:proposals|bids))\b/,
    ],
  },
  {
    id: 'cancel_project',
    tools: ['cancel_project'],
    keywords: ['cancel', 'project'],
    risky: true,
    patterns: [
      /\b(?:cancel|close|shut down|kill)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:project|job|posting|listing|it|that|this|prj_[0-9a-z]+)\b/,
    ],
  },
  {
    id: 'add_milestones',
    tools: ['add_milestones'],
    keywords: ['milestones', 'add', 'plan'],
    patterns: [/\b(?:add|plan|create|set up|split)\b(?:[^.!?\n]|\.(?=\S)){0,40}\bmilestones?\b/],
  },
  {
    id: 'fund_hourly_week',
    tools: ['fund_hourly_week'],
    keywords: ['fund', 'hourly', 'week'],
    risky: true,
    patterns: [/\b(?:fund|prepay|pay for)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:week|hours)\b/],
  },
  {
    id: 'bill_hourly_week',
    tools: ['bill_hourly_week'],
    keywords: ['bill', 'hourly', 'week'],
    risky: true,
    patterns: [/\b(?:bill|settle|pay out)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:week|hours|timesheet)\b/],
  },
  {
    id: 'release_retainer',
    tools: ['release_retainer_period'],
    keywords: ['release', 'retainer'],
    risky: true,
    patterns: [/\b(?:release|pay)\b(?:[^.!?\n]|\.(?=\S)){0,30}\bretainer\b/],
  },
  {
    id: 'fund_retainer',
    tools: ['fund_retainer_period'],
    keywords: ['fund', 'retainer'],
    risky: true,
    patterns: [/\bfund\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:retainer|month)\b/],
  },
  {
    id: 'fund_milestone',
    tools: ['fund_milestone'],
    keywords: ['fund', 'milestone', 'escrow'],
    risky: true,
    patterns: [
      /\bfund\b(?!(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:week|weeks|hours|retainer|month)\b)/,
      /\b(?:put|deposit|move|place) (?:the )?(?:money|funds|payment)?\s*(?:in|into) escrow\b/,
      /\bpay (?:for|into) (?:the )?(?:first |next )?milestone\b/,
    ],
  },
  {
    id: 'approve_milestone',
    tools: ['approve_milestone', 'release_milestone', 'release_escrow'],
    keywords: ['approve', 'release', 'milestone', 'escrow'],
    risky: true,
    patterns: [
      /\b(?:approve|release|accept|sign off)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:milestone|payment|escrow|funds|money|work|deliverables?|delivery|submission)\b/,
      /\bpay (?:him|her|them|the freelancer|out)\b/,
    ],
  },
  {
    id: 'refund_milestone',
    tools: ['refund_milestone'],
    keywords: ['refund', 'milestone'],
    risky: true,
    patterns: [/\brefund\b/],
  },
  {
    id: 'submit_milestone',
    tools: ['submit_milestone'],
    keywords: ['submit', 'milestone', 'deliver'],
    patterns: [
      /\b(?:submit|deliver|hand in|turn in)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:milestone|work|deliverables?)\b/,
      /\bmark\b(?:[^.!?\n]|\.(?=\S)){0,30}\bmilestone\b(?:[^.!?\n]|\.(?=\S)){0,15}\b(?:done|complete|delivered)\b/,
    ],
  },
  {
    id: 'resolve_dispute',
    tools: ['resolve_dispute'],
    keywords: ['resolve', 'dispute'],
    risky: true,
    patterns: [/\b(?:resolve|settle|decide)\b(?:[^.!?\n]|\.(?=\S)){0,20}\bdispute\b/],
  },
  {
    id: 'dispute_evidence',
    tools: ['add_dispute_evidence'],
    keywords: ['dispute', 'evidence'],
    patterns: [/\b(?:add|attach|upload|submit)\b(?:[^.!?\n]|\.(?=\S)){0,20}\bevidence\b/],
  },
  {
    id: 'list_disputes',
    tools: ['list_disputes'],
    keywords: ['disputes', 'list'],
    patterns: [/\b(?:my |open |list |show |any |all )(?:the )?disputes\b/, /\bdisputes? (?:queue|list)\b/],
  },
  {
    id: 'open_dispute',
    tools: ['open_dispute'],
    keywords: ['dispute', 'open'],
    risky: true,
    patterns: [/\b(?:open|raise|start|file)\b(?:[^.!?\n]|\.(?=\S)){0,20}\bdispute\b/, /\bdispute\b/],
  },
  {
    id: 'payout_schedule',
    tools: ['set_payout_schedule'],
    keywords: ['payout', 'schedule'],
    risky: true,
    patterns: [
      /\bpayout schedule\b/,
      /\bpay (?:me )?out (?:weekly|biweekly|monthly|every)\b/,
      /\bpay me (?:weekly|biweekly|monthly|every)\b/,
    ],
  },
  {
    id: 'withdraw_money',
    tools: ['withdraw', 'request_payout'],
    keywords: ['withdraw', 'payout'],
    risky: true,
    patterns: [
      /\b(?:withdraw|cash out|pay ?out)\b(?!(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:proposals?|bids?|applications?|prp_[0-9a-z]+)\b)/,
    ],
  },
  {
    id: 'deposit',
    tools: ['deposit', 'add_funds'],
    keywords: ['deposit', 'funds'],
    risky: true,
    patterns: [/\b(?:deposit|top ?up|top-up|add (?:funds|money|credit)|load (?:my )?wallet)\b/],
  },
  {
    id: 'wallet_balance',
    tools: ['wallet_balance', 'get_wallet'],
    keywords: ['wallet', 'balance'],
    patterns: [/\b(?:wallet|balance)\b/, /\bhow much (?:money )?(?:do i have|is (?:in|left))\b/],
  },
  {
    id: 'transactions',
    tools: ['transaction_history', 'list_transactions'],
    keywords: ['transaction', 'history'],
    patterns: [/\btransactions?\b/, /\bpayment history\b/, /\b(?:statement|ledger)\b/],
  },
  {
    id: 'invoice',
    tools: ['get_invoice', 'list_invoices'],
    keywords: ['invoice'],
    patterns: [/\binvoices?\b/, /\binv-\d{4}-\d+\b/],
  },
  {
    id: 'quote_currency',
    tools: ['quote_in_currency', 'convert_currency'],
    keywords: ['currency', 'quote', 'convert'],
    patterns: [
      /\bconvert\b/,
      /\bexchange rate\b/,
      /\bhow much is\b(?:[^.!?\n]|\.(?=\S)){0,30}\bin\b/,
      /\bin (?:euros?|dollars|pounds|yen|usd|eur|gbp|jpy|inr)\??$/,
    ],
  },
  {
    id: 'log_time',
    tools: ['log_time'],
    keywords: ['log', 'time', 'hours'],
    patterns: [
      /\b(?:log|track|record|add|bill)\b(?:[^.!?\n]|\.(?=\S)){0,25}\b(?:time|hours?|hrs?|minutes?|\d+(?:\.\d+)?\s?h)\b/,
    ],
  },
  {
    id: 'leave_review',
    tools: ['leave_review'],
    keywords: ['review', 'rating'],
    patterns: [
      /\b(?:leave|write|give|post|submit)\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:review|rating|feedback)\b/,
      /\brate (?:him|her|them|the (?:freelancer|client|work))\b/,
      /\b[1-5]\s?(?:\/\s?5|stars?)\b/,
    ],
  },
  {
    id: 'case_study',
    tools: ['add_case_study'],
    keywords: ['case', 'study'],
    patterns: [/\bcase stud(?:y|ies)\b/, /\bportfolio (?:item|piece|entry)\b/],
  },
  {
    id: 'update_profile',
    tools: ['update_my_profile'],
    keywords: ['profile', 'update'],
    patterns: [
      /\b(?:update|change|set|edit|raise|lower|increase|decrease|add)\b(?:[^.!?\n]|\.(?=\S)){0,20}\bmy\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:rate|headline|bio|profile|availability|skills|hours|category|industries)\b/,
      /\bmy (?:hourly )?rate (?:is|should be|to)\b/,
      /\bi(?:'m| am) (?:now )?(?:available|unavailable|busy|part[- ]time|full[- ]time)\b/,
    ],
  },
  {
    id: 'list_verifications',
    tools: ['list_verifications'],
    keywords: ['verifications', 'list'],
    patterns: [
      /\b(?:list|show|pending|any|open)\b(?:[^.!?\n]|\.(?=\S)){0,20}\bverifications\b/,
      /\bverifications\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:pending|queue|to review|waiting)\b/,
    ],
  },
  {
    id: 'verification_status',
    tools: ['verification_status'],
    keywords: ['verification', 'status'],
    patterns: [
      /\b(?:am i|is (?:he|she|it|this user)|are they) verified\b/,
      /\b(?:my|the) verification status\b/,
    ],
  },
  {
    id: 'verification',
    tools: ['submit_verification', 'review_verification'],
    keywords: ['verification', 'verify', 'kyc'],
    patterns: [/\b(?:verify|verification|kyc)\b/],
  },
  {
    id: 'fraud_overview',
    tools: ['fraud_overview', 'list_risk_alerts'],
    keywords: ['fraud', 'overview'],
    patterns: [
      /\bfraud (?:overview|summary|stats|statistics|report|trend|trends|numbers)\b/,
      /\boverview of (?:fraud|risk)\b/,
    ],
  },
  {
    id: 'resolve_alert',
    tools: ['resolve_alert', 'suspend_user'],
    keywords: ['alert', 'resolve', 'suspend'],
    risky: true,
    patterns: [
      /\b(?:dismiss|resolve|close|acknowledge)\b(?:[^.!?\n]|\.(?=\S)){0,30}\balerts?\b/,
      /\b(?:suspend|ban|block|warn)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:user|account|him|her|them|it|usr_\w+|freelancer|client|the \w+ one)\b/,
    ],
  },
  {
    id: 'assess_proposal',
    tools: ['assess_proposal'],
    keywords: ['assess', 'proposal', 'risk'],
    patterns: [
      /\b(?:assess|check|score|investigate|review)\b(?:[^.!?\n]|\.(?=\S)){0,25}\bproposal\b(?:[^.!?\n]|\.(?=\S)){0,25}\b(?:risk|fraud|spam|legit)/,
    ],
  },
  {
    id: 'assess_user',
    tools: ['assess_user'],
    keywords: ['assess', 'user', 'risk'],
    patterns: [
      /\b(?:assess|check|score|investigate|vet)\b(?:[^.!?\n]|\.(?=\S)){0,25}\b(?:user|account|usr_\w+|him|her|them|freelancer|client)\b/,
      // After a list of alerts or accounts: "assess the first one", "investigate that one".
      /\b(?:assess|score|investigate|vet)\b(?:[^.!?\n]|\.(?=\S)){0,10}\b(?:the (?:first|second|third|fourth|fifth|last|top)(?: one)?|that one|this one|it|#\d)\b/,
    ],
  },
  {
    id: 'report_fraud',
    tools: ['report_fraud', 'report_user'],
    keywords: ['report', 'fraud'],
    patterns: [
      /\breport\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:user|freelancer|client|fraud|scam|scammer|spam|him|her|them|abuse)\b/,
    ],
  },
  {
    id: 'risk_alerts',
    tools: ['list_risk_alerts', 'fraud_overview', 'assess_user'],
    keywords: ['risk', 'fraud', 'alerts', 'suspicious'],
    // "fraud overview" / "fraud report" is the overview intent, even though it starts at the same word.
    patterns: [
      /\b(?:fraud\w*|risky|riskiest|risk|suspicious|scam\w*|fake accounts?|bots?|alerts?)\b(?! (?:overview|summary|stats|statistics|report|trends?|numbers)\b)/,
    ],
  },
  {
    id: 'flag_rollout',
    tools: ['set_flag_rollout'],
    keywords: ['flag', 'rollout', 'percent'],
    risky: true,
    patterns: [
      /\b(?:roll ?(?:it )?out|ramp(?: up)?|set|raise|increase|bump|lower|reduce|expand|move|put)\b(?:[^.!?\n]|\.(?=\S)){0,50}\b\d{1,3}\s?(?:%|percent)/,
      /\brollout\b/,
    ],
  },
  {
    id: 'flag_enable',
    tools: ['set_flag_enabled'],
    keywords: ['flag', 'enable', 'disable'],
    risky: true,
    patterns: [
      /\b(?:enable|disable|turn (?:on|off)|switch (?:on|off)|kill)\b(?:[^.!?\n]|\.(?=\S)){0,40}\b(?:flags?|features?|[a-z][a-z0-9]*_[a-z0-9_]+)\b/,
    ],
  },
  {
    id: 'flag_report',
    tools: ['flag_exposure_report'],
    keywords: ['exposure', 'flag', 'report'],
    patterns: [/\bexposures?\b/, /\bconversions? (?:per|by) variant\b/, /\bexperiment results?\b/],
  },
  {
    id: 'list_flags',
    tools: ['list_flags', 'check_flags', 'get_flag'],
    keywords: ['flags', 'list'],
    patterns: [/\b(?:feature )?flags\b/, /\bwhich features are (?:on|enabled)\b/],
  },
  {
    id: 'get_flag',
    tools: ['get_flag', 'list_flags'],
    keywords: ['flag'],
    patterns: [/\b(?:feature )?flag\b/],
  },
  {
    id: 'kpis',
    tools: ['platform_kpis'],
    keywords: ['kpis', 'metrics', 'platform'],
    patterns: [
      /\b(?:kpis?|gmv|take rate|metrics|signups?|activation|time to hire|dispute rate)\b/,
      /\bhow (?:is|are) (?:the )?(?:platform|marketplace|business|we) doing\b/,
    ],
  },
  {
    id: 'cohorts',
    tools: ['cohort_retention'],
    keywords: ['cohort', 'retention'],
    patterns: [/\b(?:cohorts?|retention)\b/],
  },
  {
    id: 'skill_graph',
    tools: ['skill_graph', 'related_skills'],
    keywords: ['skill', 'graph', 'related'],
    patterns: [
      /\b(?:related|similar|adjacent) skills?\b/,
      /\bskills?\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:like|related|similar|adjacent|close)\b/,
    ],
  },
  {
    id: 'similar_freelancers',
    tools: ['similar_freelancers'],
    keywords: ['similar', 'freelancers'],
    patterns: [
      new RegExp(`\\b(?:similar|more like|others like) ${PEOPLE}`),
      new RegExp(`\\b${PEOPLE} (?:similar to|like) (?:him|her|them|this one|that one|the \\w+ one|usr_\\w+)`),
      /\bsimilar (?:profiles?|to (?:him|her|them))\b/,
    ],
  },
  {
    id: 'similar_projects',
    tools: ['similar_projects'],
    keywords: ['similar', 'projects'],
    patterns: [
      /\bsimilar (?:projects?|jobs?|gigs?)\b/,
      /\b(?:projects?|jobs?) like (?:this|that|it)\b/,
      /\b(?:projects?|jobs?|gigs?) (?:similar to|like) (?:this|that|it|the \w+ one|prj_\w+)/,
    ],
  },
  {
    id: 'feasibility',
    tools: ['assess_feasibility'],
    keywords: ['feasibility', 'assess', 'budget'],
    patterns: [
      /\bfeasib/,
      /\b(?:is|are) (?:my|the|this|that) (?:budget|timeline|deadline)\b(?:[^.!?\n]|\.(?=\S)){0,25}\b(?:enough|realistic|ok|okay|reasonable|fair|too)\b/,
      /\b(?:realistic|doable|achievable)\b/,
    ],
  },
  {
    id: 'improve_post',
    tools: ['improve_job_post'],
    keywords: ['improve', 'post'],
    patterns: [
      /\b(?:improve|polish|rewrite|tighten|punch up)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:post|listing|description|project|brief)\b/,
    ],
  },
  {
    id: 'upsells',
    tools: ['suggest_upsells'],
    keywords: ['upsell', 'retainer'],
    patterns: [
      /\bupsells?\b/,
      /\b(?:retainer|extra milestones?|add-?ons?)\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:ideas?|suggestions?|options?)\b/,
    ],
  },
  {
    id: 'draft_project',
    tools: ['draft_project_from_brief', 'create_project'],
    keywords: ['draft', 'brief', 'project'],
    patterns: [
      /\b(?:draft|write up|turn|prepare|spec out|scope out)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:spec|job post|project|brief|posting)\b/,
      /^(?:hi[,!. ]+|hello[,!. ]+)?(?:so )?(?:i|we)(?:'d| would)? (?:need|want|like|are looking for|'re looking for|am looking for|'m looking for|have a project|have a job)\b(?:[^.!?\n]|\.(?=\S)){0,80}\bto\b/,
      /^(?:looking for|need|seeking) (?:a|an|someone|somebody)\b(?:[^.!?\n]|\.(?=\S)){0,60}\bto\b/,
      // "We need a Shopify store for our bakery, around $3k, 4 weeks": a thing to build with a budget or a
      // timeline is a brief too.
      /^(?:hi[,!. ]+|hello[,!. ]+)?(?:so )?(?:i|we)(?:'d| would)? (?:need|want|'d like|would like|are looking for|'re looking for|am looking for|'m looking for) (?:a|an|our|my|new|some)\b(?=[^\n]*(?:[$€£]\s?\d|\d\s?(?:k|usd|eur|gbp|dollars|euros)\b|\b\d+\s?(?:weeks?|months?|days?)\b|\bbudget\b))/,
    ],
  },
  {
    id: 'create_project',
    tools: ['create_project'],
    keywords: ['create', 'project', 'post'],
    patterns: [
      /\b(?:post|create|put up|set up|start|add|open|list|publish|write)\s+(?:(?:a|an|new|my|this|our|me|another|the following|following)\s+)*(?:[\w-]+\s+){0,3}?(?:project|job|gig|posting|listing|job post|position|role)\b/,
      /\bhire (?:a|an|someone|somebody)\b/,
      /\b(?:post|create|submit) (?:it|this|that|the draft|the spec)\b/,
    ],
  },
  {
    id: 'update_project',
    tools: ['update_project'],
    keywords: ['update', 'project'],
    patterns: [
      /\b(?:update|change|edit|rename|raise|lower|increase|decrease|reduce|extend|bump|move|push)\b(?:[^.!?\n]|\.(?=\S)){0,30}\b(?:budget|title|description|deadline|timeline|skills?|project|job|post(?:ing)?)\b/,
      /\b(?:unpublish|make (?:it|this|that) (?:a )?draft)\b/,
      /\b(?:apply|use|save) (?:it|this|that|the changes|the improved (?:post|version)|the new (?:title|description))\b/,
    ],
  },
  {
    id: 'match_freelancers',
    tools: ['match_freelancers', 'search_freelancers', 'similar_freelancers'],
    keywords: ['match', 'freelancers', 'shortlist'],
    patterns: [
      /\bshortlist\b/,
      new RegExp(`\\b(?:match|recommend|suggest)\\w*\\b${GAP(30)}\\b${PEOPLE}`),
      new RegExp(`\\b(?:best|top|right|ideal)\\b${GAP(15)}\\b${PEOPLE}\\b${GAP(20)}\\bfor\\b`),
      /\bwho (?:could|can|should|would) (?:do|build|handle|take on) (?:it|this|that|the (?:job|project|work))\b/,
    ],
  },
  {
    id: 'search_freelancers',
    tools: ['search_freelancers', 'match_freelancers'],
    keywords: ['search', 'freelancers', 'find'],
    patterns: [
      new RegExp(
        `\\b(?:find|search|show|browse|look(?:ing)? for|list|get|need|want|seeking|any)\\b${GAP(40)}\\b${PEOPLE}\\b${NOT_SIMILAR}`,
      ),
      new RegExp(`\\bwho (?:knows|can|does)\\b${GAP(30)}`),
    ],
  },
  {
    id: 'details',
    tools: [
      'get_project',
      'get_freelancer_profile',
      'get_contract',
      'get_dispute',
      'get_invoice',
      'get_flag',
      'assess_user',
    ],
    keywords: ['get', 'details'],
    patterns: [
      /\b(?:show|open|view|see|details?|tell me (?:more )?about|more (?:info|information|details) (?:on|about)|describe|what(?:'s| is) in|look at|pull up)\b(?:[^.!?\n]|\.(?=\S)){0,20}\b(?:the (?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|top|\d+(?:st|nd|rd|th))|that|this|it|#\d|number \d|[a-z]{2,5}_[0-9a-z]{5,})/,
      /^(?:and |what about |how about )?(?:the )?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|top|\d(?:st|nd|rd|th))(?: one)?\s*\??$/,
      /^(?:show|open|get)?\s*(?:prj|usr|ctr|prp|mst)_[0-9a-z]{5,}\s*\??$/,
    ],
  },
  {
    id: 'reputation',
    tools: ['get_reputation'],
    keywords: ['reputation', 'badges'],
    patterns: [/\b(?:reputation|badges?|track record)\b/],
  },
  {
    id: 'profile_view',
    tools: ['get_freelancer_profile', 'get_my_profile'],
    keywords: ['profile'],
    patterns: [/\b(?:profile|portfolio|reviews of|about (?:him|her|them))\b/],
  },
  {
    id: 'recommend_projects',
    tools: ['recommend_projects', 'search_projects'],
    keywords: ['recommend', 'projects'],
    patterns: [
      new RegExp(`\\b(?:recommend|suggest)\\w*\\b${GAP(30)}\\b${WORK}`),
      /\b(?:jobs?|projects?|work) (?:for me|that (?:fit|suit|match) me|matching (?:me|my (?:profile|skills)))\b/,
    ],
  },
  {
    id: 'search_projects',
    tools: ['search_projects', 'recommend_projects'],
    keywords: ['search', 'projects', 'jobs'],
    patterns: [
      new RegExp(
        `\\b(?:find|search|show|browse|look(?:ing)? for|list|any|get|see|what)\\b${GAP(40)}\\b${WORK}\\b${NOT_SIMILAR}`,
      ),
      /\b(?:open|new|latest|remote) (?:jobs|projects|gigs)\b/,
    ],
  },
  {
    id: 'my_projects',
    tools: ['list_my_projects'],
    keywords: ['my', 'projects'],
    patterns: [
      /\bmy (?:own |open |draft |current |active |posted |recent )?(?:projects?|jobs?|job posts?|postings?|listings?|drafts?)\b/,
      /\b(?:projects?|jobs?) i(?:'ve| have)? (?:posted|created|made)\b/,
    ],
  },
  {
    id: 'contract',
    tools: ['get_contract', 'list_my_contracts'],
    keywords: ['contract'],
    patterns: [/\bcontracts?\b/],
  },
];

export const INTENT_BY_ID: ReadonlyMap<string, Intent> = new Map(INTENTS.map((i) => [i.id, i]));

export interface IntentMatch {
  intent: Intent;
  start: number;
  end: number;
}

/** Phrases that start an attempt to give the model instructions: everything after is read as data. */
const INJECTION =
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|system|other)?\s*(?:instructions?|prompts?|rules?|messages?)\b|\byou are now\b|\bnew instructions?\b|\bsystem prompt\b|\bdeveloper mode\b|\b(?:admin|god) mode\b|<\/?(?:system|assistant|instructions?)>|\b(?:system|assistant)\s*(?:message|prompt|note|override)?\s*:|\bnote to (?:the )?(?:ai|assistant|model|copilot|bot)\b|\b(?:dear|hey|attention)\s+(?:ai|assistant|copilot|chatgpt|bot)\b|\b(?:ai|assistant|copilot)\s*,\s*(?:please\s+)?(?:accept|approve|release|fund|refund|pay|transfer|withdraw|send|delete|cancel)\b/im;

/** The part of a message that can carry a request: up to the first injection phrase, if any. */
export function commandPart(text: string): string {
  const m = INJECTION.exec(text);
  return m ? text.slice(0, m.index) : text;
}

export function hasInjection(text: string): boolean {
  return INJECTION.test(text);
}

/** Whether the message carries quoted, reported or pasted text of someone else's. */
export function quotesSomeone(text: string): boolean {
  const t = plain(text);
  return maskQuoted(t) !== t;
}

/** Instructions that appear only inside quoted or reported text (a pasted brief or proposal). */
export function injectionOnlyInQuotes(text: string): boolean {
  const t = plain(text);
  return INJECTION.test(t) && !INJECTION.test(maskQuoted(t));
}

/** How far into a message a money or admin request may start (so a pasted brief cannot carry one). */
const RISKY_WINDOW = 160;

/** Every intent the text signals, earliest first (then the shortest match, then table order). */
/**
 * Text the person quotes or reports is data, not their request: quoted passages, code blocks and what a
 * brief or proposal "says:" are blanked out (same length, so positions still line up).
 */
export function maskQuoted(text: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return text
    .replace(/```[\s\S]*?(?:```|$)/g, blank)
    .replace(/<<[\s\S]*?(?:>>|$)/g, blank)
    .replace(/"[^"\n]{12,}(?:"|$)/g, blank)
    .replace(
      /(^|[\s(:])'[^'\n]{12,}?'(?=[\s.,;:!?)]|$)/g,
      (m, lead: string) => lead + blank(m.slice(lead.length)),
    )
    .replace(/\b(?:says|said|reads|states|writes|wrote|asks|asked)\s*:[^.!?\n]*(?:[.!?]|$)/gi, blank)
    .replace(PASTED, (_m: string, head: string, body: string) => {
      // What someone else sent is data up to the person's own closing words: a question ("Is that
      // normal?") or a request to the copilot ("Please post it, $3k, 4 weeks").
      const last = /(?:^|[.!?]\s)([^.!?]*(?:[.!?]\s*)?)$/.exec(body.replace(/\s+$/, ''));
      const tail = last?.[1] ?? '';
      const ownWords =
        tail.length <= 100 &&
        (/\?\s*$/.test(tail) ||
          // Only requests to handle the pasted text itself; never money, hiring or withdrawing.
          /^\s*(?:(?:please|can you|could you|would you|then)\s+)?(?:post|publish|create|draft|turn|check|review|summari[sz]e|compare|improve|help)\b(?![^.!?]*\b(?:accept|fund|pay|release|approve|refund|withdraw|hire|invite|transfer)\b)/i.test(
            tail,
          ));
      const keep = ownWords ? tail : '';
      return head + blank(body.slice(0, body.length - keep.length)) + keep;
    });
}

/**
 * Pasted messages without quotes: "I got this proposal: …", "the freelancer sent me this: …", "my client
 * emailed: …". Everything after the colon is someone else's text.
 */
const PASTED =
  /(\b(?:i (?:got|received|was sent)|(?:he|she|they|the \w+|my \w+|someone|a \w+) (?:sent(?: me)?|emailed|messaged|texted|wrote(?: to me)?|replied))\b[^:\n]{0,60}:)([\s\S]*)$/i;

export function matchIntents(input: string): IntentMatch[] {
  const text = normalize(commandPart(maskQuoted(plain(input))));
  const out: IntentMatch[] = [];
  INTENTS.forEach((intent) => {
    let best: { start: number; end: number } | undefined;
    for (const re of intent.patterns) {
      const m = re.exec(text);
      if (!m) continue;
      if (!best || m.index < best.start || (m.index === best.start && m.index + m[0].length < best.end)) {
        best = { start: m.index, end: m.index + m[0].length };
      }
    }
    if (!best) return;
    if (intent.risky && best.start > RISKY_WINDOW) return;
    out.push({ intent, ...best });
  });
  const order = new Map(INTENTS.map((i, n) => [i.id, n]));
  return out.sort(
    (a, b) =>
      a.start - b.start || a.end - b.end || (order.get(a.intent.id) ?? 0) - (order.get(b.intent.id) ?? 0),
  );
}

const toolWordCache = new WeakMap<BoundTool, { name: string[]; description: Set<string> }>();

/** A tool's name words and description words, stemmed; computed once per tool. */
function toolWords(tool: BoundTool): { name: string[]; description: Set<string> } {
  let hit = toolWordCache.get(tool);
  if (!hit) {
    hit = {
      name: splitIdentifier(tool.name).map(stem),
      description: new Set(contentWords(tool.description)),
    };
    toolWordCache.set(tool, hit);
  }
  return hit;
}

const GENERIC_VERBS = new Set(
  [
    'search',
    'find',
    'list',
    'get',
    'show',
    'add',
    'create',
    'update',
    'set',
    'submit',
    'open',
    'my',
    'post',
    'plan',
  ].map(stem),
);

/** Bound tools that serve an intent: its preferred tools that are bound, else the best keyword match. */
export function toolsForIntent(intent: Intent, bound: readonly BoundTool[]): BoundTool[] {
  const preferred = intent.tools
    .map((name) => bound.find((t) => t.name === name))
    .filter((t): t is BoundTool => t !== undefined);
  if (preferred.length > 0) return preferred;
  const keys = intent.keywords.map((k) => stem(k.toLowerCase()));
  const nouns = keys.filter((k) => !GENERIC_VERBS.has(k));
  let best: BoundTool | undefined;
  let bestScore = 0;
  for (const tool of bound) {
    const { name, description: desc } = toolWords(tool);
    let score = 0;
    let nameHits = 0;
    for (const k of keys) {
      if (name.includes(k)) {
        score += 3;
        nameHits++;
      } else if (desc.has(k)) score += 1;
    }
    // The tool's name must carry what the intent is about ("freelancer"), not only a verb ("search").
    const aboutIt = nouns.length === 0 || nouns.some((k) => name.includes(k));
    if (aboutIt && nameHits >= 1 && score >= 4 && score > bestScore) {
      best = tool;
      bestScore = score;
    }
  }
  return best ? [best] : [];
}

/**
 * A bound tool for a request no intent recognised, by the words it shares with tool names (weighted) and
 * descriptions. Needs two name words in common, so small talk never reaches a tool.
 */
export function guessTool(input: string, bound: readonly BoundTool[]): BoundTool | undefined {
  // Only the person's own words: quoted, pasted and injected text never picks a tool.
  const wordsInText = new Set(contentWords(commandPart(maskQuoted(plain(input)))));
  if (wordsInText.size === 0) return undefined;
  let best: BoundTool | undefined;
  let bestScore = 0;
  for (const tool of bound) {
    const { name, description: desc } = toolWords(tool);
    const nameHits = name.filter((w) => wordsInText.has(w)).length;
    if (nameHits < Math.min(2, name.length)) continue;
    let score = nameHits * 3;
    for (const w of wordsInText) if (desc.has(w)) score += 1;
    if (score > bestScore) {
      best = tool;
      bestScore = score;
    }
  }
  return bestScore >= 6 ? best : undefined;
}
