/**
 * Freelancer-profile content per category: how common the category is, what it pays, what its people call
 * themselves, what they focus on, and case-study templates. Templates use the placeholders filled by
 * `fill()` in db/seed/text.ts: {industry}, {skill}, {skill2}, {n:min-max}, {pick:a|b|c}.
 */

export interface CaseStudyTemplate {
  title: string;
  summary: string;
  outcome: string;
  metrics: { label: string; value: string }[];
}

export interface CategoryProfile {
  /** Relative share of freelancers in this category. */
  weight: number;
  /** Typical US hourly rate for a mid-level freelancer, in cents. */
  baseRateMinor: number;
  /** Categories whose skills such a freelancer often lists too. */
  adjacent: string[];
  /** Job titles; "{skill}" is the freelancer's main skill ("React developer"). */
  roles: string[];
  focuses: string[];
  caseStudies: CaseStudyTemplate[];
}

export const CATEGORY_PROFILES: Record<string, CategoryProfile> = {
  'web-development': {
    weight: 16,
    baseRateMinor: 6500,
    adjacent: ['backend-development', 'design', 'qa-testing'],
    roles: ['Full-stack developer', 'Frontend engineer', 'Web developer', '{skill} developer'],
    focuses: [
      'SaaS dashboards and admin panels',
      'fast, accessible marketing sites',
      'e-commerce storefronts',
      'customer portals with payments',
      'design-system driven frontends',
      'migrating legacy apps to modern stacks',
    ],
    caseStudies: [
      {
        title: 'Rebuilt a {industry} customer portal in {skill}',
        summary:
          'Replaced a slow server-rendered portal with a {skill} single-page app backed by a typed API, shipped in {n:6-14} weeks without a feature freeze.',
        outcome: 'Support tickets about the portal dropped sharply and the team now ships weekly.',
        metrics: [
          { label: 'Page load (p75)', value: '{n:38-72}% faster' },
          { label: 'Support tickets', value: '-{n:20-45}%' },
          { label: 'Lighthouse score', value: '{n:91-100}' },
        ],
      },
      {
        title: 'Checkout redesign for a {industry} storefront',
        summary:
          'Rewrote the checkout flow with {skill} and {skill2}, added address autocomplete and wallet payments, and A/B tested it against the old flow.',
        outcome: 'The new checkout became the default after two weeks of testing.',
        metrics: [
          { label: 'Conversion rate', value: '+{n:8-27}%' },
          { label: 'Checkout time', value: '-{n:25-50}%' },
        ],
      },
      {
        title: 'Analytics dashboard for a {industry} SaaS',
        summary:
          'Designed and built an embeddable analytics dashboard with {skill}, server-side caching and role-based access for {n:40-400} customer accounts.',
        outcome: 'Dashboard usage became the top driver of plan upgrades.',
        metrics: [
          { label: 'Weekly active users', value: '+{n:30-120}%' },
          { label: 'Upgrade rate', value: '+{n:5-18}%' },
        ],
      },
    ],
  },
  'mobile-development': {
    weight: 9,
    baseRateMinor: 7000,
    adjacent: ['web-development', 'design', 'qa-testing'],
    roles: ['Mobile developer', 'Mobile app engineer', '{skill} developer'],
    focuses: [
      'consumer apps with offline sync',
      'cross-platform apps from one codebase',
      'fitness and wellbeing apps',
      'field-service and logistics apps',
      'app store launches and ratings recovery',
    ],
    caseStudies: [
      {
        title: 'Cross-platform {industry} app in {skill}',
        summary:
          'Built iOS and Android apps from one {skill} codebase with offline mode, push notifications and biometric login; shipped to both stores in {n:8-16} weeks.',
        outcome: 'Launched with a 4.{n:5-8} star rating and no store rejections.',
        metrics: [
          { label: 'Crash-free sessions', value: '99.{n:5-9}%' },
          { label: 'Store rating', value: '4.{n:5-8}' },
        ],
      },
      {
        title: 'Offline-first field app for a {industry} team',
        summary:
          'Rewrote a field-service app so technicians can work without signal; data syncs in the background with conflict resolution.',
        outcome: 'Technicians complete more jobs per day and paper forms are gone.',
        metrics: [
          { label: 'Jobs per technician per day', value: '+{n:12-30}%' },
          { label: 'Sync errors', value: '-{n:70-95}%' },
        ],
      },
    ],
  },
  'backend-development': {
    weight: 10,
    baseRateMinor: 7500,
    adjacent: ['devops-cloud', 'web-development', 'data-science'],
    roles: ['Backend engineer', 'API developer', 'Software engineer', '{skill} developer'],
    focuses: [
      'high-throughput APIs',
      'payments and billing systems',
      'event-driven architectures',
      'database performance tuning',
      'breaking monoliths into services',
    ],
    caseStudies: [
      {
        title: 'Scaled the {industry} order API to {n:2-9}k requests per second',
        summary:
          'Profiled and rebuilt the hot paths of an order API in {skill}, added {skill2} caching and connection pooling, and load-tested each release.',
        outcome: 'The API handled peak season without incident on the same hardware budget.',
        metrics: [
          { label: 'p95 latency', value: '{n:40-140} ms' },
          { label: 'Infrastructure cost', value: '-{n:15-40}%' },
        ],
      },
      {
        title: 'Billing engine for a {industry} platform',
        summary:
          'Designed usage-based billing with idempotent invoicing, proration and dunning on {skill} and {skill2}, integrated with the payment provider.',
        outcome: 'Finance closes the month in a day instead of a week.',
        metrics: [
          { label: 'Billing disputes', value: '-{n:40-80}%' },
          { label: 'Month-end close', value: '{n:2-4} days' },
        ],
      },
    ],
  },
  'devops-cloud': {
    weight: 6,
    baseRateMinor: 8500,
    adjacent: ['backend-development', 'cybersecurity'],
    roles: [
      'DevOps engineer',
      'Cloud architect',
      'Site reliability engineer',
      'Platform engineer',
      '{skill} consultant',
    ],
    focuses: [
      'cloud cost reduction',
      'Kubernetes migrations',
      'infrastructure as code',
      'CI/CD pipelines that developers trust',
      'observability and on-call hygiene',
    ],
    caseStudies: [
      {
        title: 'Moved a {industry} platform to {skill}',
        summary:
          'Containerised {n:6-30} services, wrote the infrastructure in {skill2}, and migrated production with zero downtime over three weekends.',
        outcome: 'Deploys went from a monthly event to a routine many times a day.',
        metrics: [
          { label: 'Deploy frequency', value: '{n:5-30}x' },
          { label: 'Cloud bill', value: '-{n:18-45}%' },
        ],
      },
      {
        title: 'Observability overhaul for a {industry} SaaS',
        summary:
          'Introduced SLOs, structured logging and {skill} dashboards, and rewrote alerting so pages only fire for user-facing problems.',
        outcome: 'On-call became quiet enough that engineers stopped dreading it.',
        metrics: [
          { label: 'Pages per week', value: '-{n:60-90}%' },
          { label: 'Mean time to recovery', value: '{n:8-35} min' },
        ],
      },
    ],
  },
  'data-science': {
    weight: 6,
    baseRateMinor: 7000,
    adjacent: ['ai-ml', 'backend-development'],
    roles: ['Data analyst', 'Analytics engineer', 'Data scientist', 'BI developer', 'Product analyst'],
    focuses: [
      'self-serve BI for leadership teams',
      'experimentation and A/B testing',
      'marketing attribution',
      'modern data stack setups',
      'forecasting and demand planning',
    ],
    caseStudies: [
      {
        title: 'Self-serve KPI dashboards for a {industry} company',
        summary:
          'Modelled the warehouse with {skill}, defined {n:20-60} certified metrics and built {skill2} dashboards the leadership team actually opens.',
        outcome: 'Weekly reporting is automatic and arguments about numbers stopped.',
        metrics: [
          { label: 'Reporting hours saved', value: '{n:10-40} per week' },
          { label: 'Dashboard adoption', value: '{n:70-95}% of managers' },
        ],
      },
      {
        title: 'Demand forecast for a {industry} business',
        summary:
          'Built a weekly demand forecast from sales history and seasonality, with {skill} and a simple review loop.',
        outcome: 'Stock-outs and overstock both fell in the first quarter.',
        metrics: [
          { label: 'Forecast error (MAPE)', value: '{n:8-18}%' },
          { label: 'Stock-outs', value: '-{n:20-45}%' },
        ],
      },
    ],
  },
  'ai-ml': {
    weight: 7,
    baseRateMinor: 9500,
    adjacent: ['data-science', 'backend-development'],
    roles: [
      'Machine learning engineer',
      'AI engineer',
      'NLP specialist',
      'Computer vision engineer',
      'LLM consultant',
    ],
    focuses: [
      'retrieval-augmented assistants over company documents',
      'document classification and extraction',
      'computer vision for quality inspection',
      'LLM evaluation and guardrails',
      'recommendation systems',
    ],
    caseStudies: [
      {
        title: 'Support assistant for a {industry} company',
        summary:
          'Built a retrieval-augmented assistant over {n:2-40}k help articles with {skill}, an evaluation set and a human hand-off path.',
        outcome: 'The assistant now answers most first-line questions without an agent.',
        metrics: [
          { label: 'Tickets deflected', value: '{n:25-55}%' },
          { label: 'Answer accuracy (eval set)', value: '{n:86-96}%' },
        ],
      },
      {
        title: 'Invoice extraction model for a {industry} back office',
        summary:
          'Fine-tuned a document model with {skill} to pull {n:12-30} fields from scanned invoices, with confidence-based review queues.',
        outcome: 'Manual data entry shrank to the low-confidence cases only.',
        metrics: [
          { label: 'Field accuracy', value: '{n:94-99}%' },
          { label: 'Processing time per invoice', value: '-{n:70-90}%' },
        ],
      },
    ],
  },
  design: {
    weight: 9,
    baseRateMinor: 6000,
    adjacent: ['graphic-design', 'web-development'],
    roles: [
      'Product designer',
      'UI/UX designer',
      'UX researcher',
      'Design systems lead',
      'Interaction designer',
    ],
    focuses: [
      'B2B SaaS onboarding',
      'mobile app UX',
      'design systems that engineers like',
      'usability research and testing',
      'accessible interfaces',
    ],
    caseStudies: [
      {
        title: 'Onboarding redesign for a {industry} product',
        summary:
          'Interviewed {n:8-20} users, mapped the drop-off points and redesigned onboarding in {skill}, then tested the prototype before build.',
        outcome: 'More trial users reach the first meaningful action in the product.',
        metrics: [
          { label: 'Activation rate', value: '+{n:12-35}%' },
          { label: 'Time to first value', value: '-{n:30-60}%' },
        ],
      },
      {
        title: 'Design system for a {industry} team',
        summary:
          'Audited {n:80-300} screens, consolidated components into a {skill} library with tokens and documentation, and paired with engineers on adoption.',
        outcome: 'New features ship with consistent UI and less design review churn.',
        metrics: [
          { label: 'Components consolidated', value: '{n:120-400} to {n:40-80}' },
          { label: 'Design-to-dev handoff time', value: '-{n:30-50}%' },
        ],
      },
    ],
  },
  'graphic-design': {
    weight: 7,
    baseRateMinor: 4500,
    adjacent: ['design', 'video-animation'],
    roles: ['Brand designer', 'Graphic designer', 'Illustrator', 'Packaging designer', 'Visual designer'],
    focuses: [
      'brand identities for startups',
      'packaging for consumer goods',
      'editorial and print design',
      'illustration for products and campaigns',
      'rebrands of established businesses',
    ],
    caseStudies: [
      {
        title: 'Brand identity for a {industry} startup',
        summary:
          'Logo, typography, colour system and a {n:20-40}-page brand book, delivered in {skill} with templates for the team.',
        outcome: 'The launch campaign used the new identity across web, print and social.',
        metrics: [
          { label: 'Concepts explored', value: '{n:3-6}' },
          { label: 'Assets delivered', value: '{n:40-120}' },
        ],
      },
      {
        title: 'Packaging refresh for a {industry} product line',
        summary:
          'Redesigned packaging for {n:4-12} products with {skill}, coordinated print proofs and supplier specs.',
        outcome: 'The refreshed line won new retail listings.',
        metrics: [
          { label: 'Retail sell-through', value: '+{n:10-30}%' },
          { label: 'SKUs redesigned', value: '{n:4-12}' },
        ],
      },
    ],
  },
  'video-animation': {
    weight: 5,
    baseRateMinor: 5000,
    adjacent: ['graphic-design', 'marketing'],
    roles: [
      'Video editor',
      'Motion designer',
      '3D animator',
      'Explainer video producer',
      'Post-production specialist',
    ],
    focuses: [
      'explainer videos for SaaS',
      'short-form social video',
      'product launch films',
      'motion graphics for brands',
      'YouTube channel editing',
    ],
    caseStudies: [
      {
        title: 'Explainer video for a {industry} launch',
        summary:
          'Script, storyboard and a {n:60-120}-second animated explainer made in {skill}, with three cut-downs for ads.',
        outcome: 'The video became the most-watched asset of the launch.',
        metrics: [
          { label: 'Views in first month', value: '{n:20-250}k' },
          { label: 'Landing page conversion', value: '+{n:8-25}%' },
        ],
      },
      {
        title: 'Weekly social video series for a {industry} brand',
        summary: 'Edited {n:30-80} short videos with {skill}, captions and a consistent motion package.',
        outcome: 'The channel grew steadily on a predictable publishing schedule.',
        metrics: [
          { label: 'Follower growth', value: '+{n:40-200}%' },
          { label: 'Average watch time', value: '+{n:15-45}%' },
        ],
      },
    ],
  },
  writing: {
    weight: 7,
    baseRateMinor: 4000,
    adjacent: ['marketing', 'translation'],
    roles: ['Copywriter', 'Technical writer', 'Content strategist', 'B2B content writer', 'Editor'],
    focuses: [
      'developer documentation',
      'B2B blog content that ranks',
      'website and landing-page copy',
      'long-form thought leadership',
      'UX microcopy',
    ],
    caseStudies: [
      {
        title: 'Documentation overhaul for a {industry} API',
        summary:
          'Rewrote quick-starts, guides and reference for {n:40-120} endpoints with {skill}, tested against real integrations.',
        outcome: 'Developers integrate faster and ask support fewer basic questions.',
        metrics: [
          { label: 'Time to first API call', value: '-{n:30-60}%' },
          { label: 'Docs-related tickets', value: '-{n:25-50}%' },
        ],
      },
      {
        title: 'Content program for a {industry} company',
        summary:
          'Planned and wrote {n:20-60} articles around buyer questions, with {skill2} and an editorial calendar.',
        outcome: 'Organic search became a reliable source of qualified leads.',
        metrics: [
          { label: 'Organic traffic', value: '+{n:60-240}%' },
          { label: 'Leads from content', value: '+{n:20-90}%' },
        ],
      },
    ],
  },
  marketing: {
    weight: 7,
    baseRateMinor: 5500,
    adjacent: ['writing', 'data-science'],
    roles: [
      'Growth marketer',
      'SEO specialist',
      'Paid media manager',
      'Performance marketer',
      'Email marketing specialist',
    ],
    focuses: [
      'paid acquisition with clear unit economics',
      'technical SEO',
      'lifecycle and email marketing',
      'conversion rate optimisation',
      'launch campaigns',
    ],
    caseStudies: [
      {
        title: 'Paid acquisition reset for a {industry} brand',
        summary:
          'Rebuilt {skill} campaigns around first-party conversions, new creative and weekly budget reviews.',
        outcome: 'The same budget now buys noticeably more customers.',
        metrics: [
          { label: 'Cost per acquisition', value: '-{n:20-45}%' },
          { label: 'ROAS', value: '{n:2-6}.{n:0-9}x' },
        ],
      },
      {
        title: 'SEO recovery for a {industry} site',
        summary:
          'Fixed crawl and indexing issues, restructured {n:50-400} pages and built a {skill2} plan around search intent.',
        outcome: 'Traffic recovered and kept growing after a core update had hit the site.',
        metrics: [
          { label: 'Organic sessions', value: '+{n:40-180}%' },
          { label: 'Keywords in top 10', value: '+{n:50-400}' },
        ],
      },
    ],
  },
  'sales-support': {
    weight: 4,
    baseRateMinor: 2500,
    adjacent: ['marketing'],
    roles: [
      'Customer support specialist',
      'Sales development rep',
      'CRM consultant',
      'Appointment setter',
      'Support team lead',
    ],
    focuses: [
      'outbound prospecting for B2B',
      'helpdesk setup and macros',
      'CRM clean-ups and automation',
      '24/7 support coverage',
      'customer onboarding calls',
    ],
    caseStudies: [
      {
        title: 'Outbound pipeline for a {industry} startup',
        summary:
          'Built target lists, sequences in {skill} and a call cadence; booked meetings for the founders for {n:3-9} months.',
        outcome: 'Outbound became a repeatable channel alongside referrals.',
        metrics: [
          { label: 'Meetings booked per month', value: '{n:15-60}' },
          { label: 'Reply rate', value: '{n:6-18}%' },
        ],
      },
      {
        title: 'Helpdesk setup for a {industry} company',
        summary: 'Configured {skill} with routing, macros and SLAs, and trained a team of {n:3-15} agents.',
        outcome: 'Customers get answers faster and nothing falls through the cracks.',
        metrics: [
          { label: 'First response time', value: '-{n:40-75}%' },
          { label: 'CSAT', value: '{n:88-98}%' },
        ],
      },
    ],
  },
  'finance-accounting': {
    weight: 4,
    baseRateMinor: 5500,
    adjacent: ['data-science'],
    roles: ['Bookkeeper', 'Fractional CFO', 'Accountant', 'Financial analyst', 'Tax preparer'],
    focuses: [
      'monthly bookkeeping for small businesses',
      'fundraising models and investor reporting',
      'cash-flow forecasting',
      'tax preparation and compliance',
      'finance stack clean-ups',
    ],
    caseStudies: [
      {
        title: 'Month-end close for a {industry} business',
        summary:
          'Cleaned up {n:12-36} months of books in {skill}, set up bank rules and a monthly close checklist.',
        outcome: 'The owners get reliable numbers on the fifth working day of each month.',
        metrics: [
          { label: 'Close time', value: '{n:3-6} days' },
          { label: 'Reconciliation errors', value: '-{n:80-100}%' },
        ],
      },
      {
        title: 'Series A financial model for a {industry} startup',
        summary: 'Built a driver-based model in {skill2} with scenarios and a cohort view for the data room.',
        outcome: 'The round closed with the model used in diligence.',
        metrics: [
          { label: 'Scenarios modelled', value: '{n:3-6}' },
          { label: 'Forecast horizon', value: '{n:24-60} months' },
        ],
      },
    ],
  },
  legal: {
    weight: 2,
    baseRateMinor: 12000,
    adjacent: ['finance-accounting'],
    roles: [
      'Commercial lawyer',
      'Privacy counsel',
      'IP attorney',
      'Legal consultant',
      'Contracts specialist',
    ],
    focuses: [
      'SaaS contracts and terms',
      'GDPR and privacy programmes',
      'trademark and IP protection',
      'startup corporate matters',
      'vendor and partner agreements',
    ],
    caseStudies: [
      {
        title: 'Customer contract suite for a {industry} SaaS',
        summary:
          'Drafted terms of service, a DPA and an order form template with a negotiation playbook for the sales team.',
        outcome: 'Deals close without waiting on legal for standard terms.',
        metrics: [
          { label: 'Contract cycle time', value: '-{n:30-60}%' },
          { label: 'Templates delivered', value: '{n:4-9}' },
        ],
      },
      {
        title: 'GDPR programme for a {industry} company',
        summary: 'Mapped processing activities, wrote policies and set up DSAR handling with {skill}.',
        outcome: 'The company passed a customer privacy audit on the first attempt.',
        metrics: [
          { label: 'Processing activities mapped', value: '{n:20-80}' },
          { label: 'DSAR response time', value: '{n:3-10} days' },
        ],
      },
    ],
  },
  translation: {
    weight: 4,
    baseRateMinor: 3500,
    adjacent: ['writing'],
    roles: [
      'Translator',
      'Localization specialist',
      'Subtitler',
      'Conference interpreter',
      'Localization project manager',
    ],
    focuses: [
      'software and app localization',
      'marketing transcreation',
      'legal and technical translation',
      'subtitles for video',
      'website localization',
    ],
    caseStudies: [
      {
        title: 'App localization for a {industry} product',
        summary:
          'Localized {n:2-8}k strings into {n:2-6} languages with a glossary, screenshots review and {skill}.',
        outcome: 'The product launched in new markets on schedule.',
        metrics: [
          { label: 'Strings localized', value: '{n:2-8}k' },
          { label: 'Languages', value: '{n:2-6}' },
        ],
      },
      {
        title: 'Subtitles for a {industry} video library',
        summary: 'Subtitled {n:20-120} videos with timing checks and style guides per language.',
        outcome: 'International viewers now watch to the end.',
        metrics: [
          { label: 'Videos subtitled', value: '{n:20-120}' },
          { label: 'Watch-through rate', value: '+{n:10-35}%' },
        ],
      },
    ],
  },
  'qa-testing': {
    weight: 4,
    baseRateMinor: 4000,
    adjacent: ['web-development', 'mobile-development'],
    roles: ['QA engineer', 'Test automation engineer', 'SDET', 'Performance tester', 'Mobile QA specialist'],
    focuses: [
      'end-to-end test automation',
      'release regression suites',
      'load and performance testing',
      'mobile device testing',
      'QA process for small teams',
    ],
    caseStudies: [
      {
        title: 'End-to-end test suite for a {industry} web app',
        summary:
          'Wrote {n:80-300} {skill} tests for the critical paths and wired them into CI with flaky-test quarantine.',
        outcome: 'Releases no longer need a manual regression day.',
        metrics: [
          { label: 'Regression time', value: '-{n:70-95}%' },
          { label: 'Escaped defects', value: '-{n:30-60}%' },
        ],
      },
      {
        title: 'Load test before a {industry} launch',
        summary:
          'Modelled launch traffic, ran {skill} tests up to {n:2-20}k concurrent users and worked with the team on fixes.',
        outcome: 'Launch day went by without an outage.',
        metrics: [
          { label: 'Peak concurrent users tested', value: '{n:2-20}k' },
          { label: 'Bottlenecks found', value: '{n:3-9}' },
        ],
      },
    ],
  },
  blockchain: {
    weight: 2,
    baseRateMinor: 10000,
    adjacent: ['backend-development', 'cybersecurity'],
    roles: ['Smart contract developer', 'Web3 developer', 'Blockchain engineer', 'Blockchain consultant'],
    focuses: [
      'audited token and vesting contracts',
      'on-chain payments',
      'NFT and membership systems',
      'smart contract security reviews',
      'wallet integrations',
    ],
    caseStudies: [
      {
        title: 'Vesting contracts for a {industry} token launch',
        summary:
          'Wrote and tested vesting and treasury contracts in {skill} with {n:95-100}% branch coverage and an external audit.',
        outcome: 'Launched with no critical findings.',
        metrics: [
          { label: 'Test coverage', value: '{n:95-100}%' },
          { label: 'Critical audit findings', value: '0' },
        ],
      },
      {
        title: 'Security review of a {industry} protocol',
        summary:
          'Reviewed {n:1-6}k lines of {skill} with manual analysis and fuzzing; reported issues with fixes.',
        outcome: 'All high-severity issues were fixed before mainnet.',
        metrics: [
          { label: 'Issues reported', value: '{n:5-25}' },
          { label: 'High severity fixed', value: '{n:1-4}' },
        ],
      },
    ],
  },
  cybersecurity: {
    weight: 3,
    baseRateMinor: 11000,
    adjacent: ['devops-cloud', 'backend-development'],
    roles: [
      'Penetration tester',
      'Security consultant',
      'Application security engineer',
      'Security auditor',
      'Incident responder',
    ],
    focuses: [
      'web application penetration tests',
      'SOC 2 readiness',
      'cloud security reviews',
      'threat modelling for product teams',
      'incident response retainers',
    ],
    caseStudies: [
      {
        title: 'Penetration test of a {industry} platform',
        summary:
          'Tested the web app and API against {skill} guidance, chained findings into realistic attack paths and retested fixes.',
        outcome: 'The client shipped fixes for every high-risk finding within a sprint.',
        metrics: [
          { label: 'Findings', value: '{n:8-30}' },
          { label: 'Critical/high', value: '{n:1-5}' },
        ],
      },
      {
        title: 'SOC 2 readiness for a {industry} SaaS',
        summary:
          'Gap assessment, policies, evidence collection and {skill2} work ahead of a Type II audit window.',
        outcome: 'The audit completed with no exceptions.',
        metrics: [
          { label: 'Controls implemented', value: '{n:60-120}' },
          { label: 'Audit exceptions', value: '0' },
        ],
      },
    ],
  },
};

/** Used for a category added to the taxonomy that has no profile content here yet. */
export const FALLBACK_PROFILE: CategoryProfile = {
  weight: 3,
  baseRateMinor: 5000,
  adjacent: [],
  roles: ['Specialist', 'Consultant', 'Freelance expert'],
  focuses: ['projects for growing teams', 'fast turnarounds', 'long-term engagements'],
  caseStudies: [
    {
      title: '{skill} engagement for a {industry} company',
      summary: 'Scoped, delivered and handed over a {skill} project in {n:3-12} weeks.',
      outcome: 'Delivered on time and on budget.',
      metrics: [{ label: 'Delivered', value: '{n:3-12} weeks' }],
    },
  ],
};

export const HEADLINE_TEMPLATES = [
  '{role} — {focus}',
  '{seniority} {role_lc} | {skill}, {skill2} & {skill3}',
  '{role} specialising in {focus}',
  '{skill} & {skill2} {role_lc} for {industry} teams',
  '{role} · {years}+ years · {skill} and {skill2}',
  '{seniority} {role_lc} helping {industry} companies with {focus}',
];

export const BIO_OPENINGS = [
  "I'm a {role_lc} with {years} years of experience, most of it on {focus}.",
  'For the last {years} years I have worked on {focus}, mainly for {industry} and {industry2} companies.',
  '{seniority} {role_lc}. I help {industry} teams with {focus}.',
  'I have spent {years} years as a {role_lc}, the last few freelancing for startups and established companies alike.',
];

export const BIO_SKILLS = [
  'My core tools are {skill}, {skill2} and {skill3}.',
  'Day to day I work with {skill} and {skill2}, and I am comfortable picking up whatever the project already uses.',
  'Most of my recent projects used {skill}, {skill2} and {skill3}.',
];

export const BIO_APPROACH = [
  'I work in small, reviewable increments and write down decisions so nothing lives only in my head.',
  'I like to start with a short discovery call and a written plan, then share progress every few days.',
  'Clear estimates, honest updates and clean handovers matter as much to me as the work itself.',
  'I am happy to join your tools and rituals, whether that is Slack, Linear, Jira or a weekly call.',
  'I care about measurable outcomes, so we agree on what success looks like before I start.',
];

export const BIO_CLOSINGS: Record<string, string[]> = {
  full_time: [
    'Available full time for new projects.',
    'I can start within a week and work full time on your project.',
  ],
  part_time: [
    'Currently available part time, about {hours} hours a week.',
    'Open to part-time engagements of around {hours} hours a week.',
  ],
  limited: ['Limited availability right now ({hours} hours a week); good fit for small, well-scoped work.'],
  unavailable: ['Fully booked at the moment, but happy to talk about projects starting next quarter.'],
};

export const SENIORITY = ['Senior', 'Lead', 'Experienced', 'Principal', 'Independent'];
