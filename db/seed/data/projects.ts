/**
 * Project briefs and the text around them (requirement answers, milestone phases, cover letters, reviews,
 * time-log notes, scope changes). Placeholders are filled by `fill()` in db/seed/text.ts.
 * Skill names must exist in data/taxonomy.ts; the seed checks that at start-up.
 */

export interface ProjectBrief {
  title: string;
  description: string;
  skills: string[];
  /** Hourly briefs are priced per hour; the rest are fixed-price. */
  pricing?: 'fixed' | 'hourly';
}

export interface CategoryProjects {
  briefs: ProjectBrief[];
  /** Milestone titles, in order; a project uses the first two to four. */
  phases: string[];
  /** Typical fixed budget range in USD cents. */
  budget: [number, number];
}

export const CATEGORY_PROJECTS: Record<string, CategoryProjects> = {
  'web-development': {
    budget: [300_000, 2_500_000],
    phases: ['Discovery and technical plan', 'Core build', 'Integrations and QA', 'Launch and handover'],
    briefs: [
      {
        title: 'React dashboard for our {industry} customer portal',
        description:
          'We run a {industry_lc} business and our customers currently get reports as PDFs by email. We want a responsive dashboard where they can log in, see their usage and download invoices. We have a REST API already; you would build the frontend and a thin Node.js layer for auth. Please share similar dashboards you have built.',
        skills: ['React', 'TypeScript', 'Node.js', 'REST APIs'],
      },
      {
        title: 'Migrate our marketing site from WordPress to Next.js',
        description:
          'Our {industry_lc} marketing site is a slow WordPress install with too many plugins. We want it rebuilt in Next.js with a headless CMS, keeping every URL and the SEO we have. About {n:25-60} pages plus a blog. Design stays the same; performance and editor experience are the goals.',
        skills: ['Next.js', 'React', 'WordPress', 'Tailwind CSS'],
      },
      {
        title: 'Shopify storefront customisation for a {industry} brand',
        description:
          'We sell on Shopify and need a custom theme section for bundles, a faster product page and a subscription option at checkout. Experience with Shopify apps and Liquid is essential; we would like a developer who can also advise on app choices.',
        skills: ['Shopify', 'JavaScript', 'CSS', 'HTML'],
      },
      {
        title: 'Build a booking web app with payments',
        description:
          'We need a web app where customers of our {industry_lc} business book time slots, pay a deposit and get reminders. Staff need a simple calendar view. We prefer TypeScript end to end and a Postgres database. Please include how you would phase the work.',
        skills: ['TypeScript', 'React', 'Node.js', 'GraphQL'],
      },
      {
        title: 'Ongoing frontend help for our Vue.js app',
        description:
          'Our small product team needs an experienced Vue.js developer for {n:10-25} hours a week to work through the frontend backlog: new settings pages, table performance and accessibility fixes. You would join our standups twice a week.',
        skills: ['Vue.js', 'TypeScript', 'CSS'],
        pricing: 'hourly',
      },
    ],
  },
  'mobile-development': {
    budget: [800_000, 4_000_000],
    phases: ['UX flows and architecture', 'MVP build', 'Beta and store submission', 'Post-launch fixes'],
    briefs: [
      {
        title: 'iOS and Android app for our {industry} customers',
        description:
          'We want a cross-platform app that lets our {industry_lc} customers track orders, chat with support and get push notifications. We have an API and designs in Figma. React Native or Flutter are both fine; tell us which you would pick and why.',
        skills: ['React Native', 'iOS', 'Android'],
      },
      {
        title: 'Flutter app MVP for a {industry} startup',
        description:
          'Early-stage {industry_lc} startup looking for a Flutter developer to build our MVP: onboarding, profile, a feed and in-app purchases. We need it in both stores within {n:8-14} weeks. Backend is Firebase.',
        skills: ['Flutter', 'Dart'],
      },
      {
        title: 'Fix crashes and speed up our Android app',
        description:
          'Our Android app has a crash rate we are embarrassed by and a slow start-up. We need someone to profile it, fix the top crashes from our crash reporter and improve cold start time. Kotlin codebase, partly migrated to Jetpack Compose.',
        skills: ['Kotlin', 'Android', 'Jetpack Compose'],
        pricing: 'hourly',
      },
      {
        title: 'SwiftUI companion app for our {industry} hardware',
        description:
          'We make a connected device for {industry_lc} customers and need an iOS companion app that pairs over Bluetooth, shows live readings and syncs history. SwiftUI preferred. Prior BLE experience is a must.',
        skills: ['Swift', 'SwiftUI', 'iOS'],
      },
    ],
  },
  'backend-development': {
    budget: [500_000, 3_500_000],
    phases: [
      'Architecture and API design',
      'Core services',
      'Hardening and load testing',
      'Deployment and docs',
    ],
    briefs: [
      {
        title: 'Design and build a payments API for our {industry} platform',
        description:
          'We need an API that creates payment intents, handles webhooks idempotently and keeps a ledger our finance team can reconcile. Expect a few hundred requests per second at peak. Python or Go; PostgreSQL is already in place.',
        skills: ['Python', 'PostgreSQL', 'Microservices'],
      },
      {
        title: 'Speed up slow PostgreSQL queries in our API',
        description:
          'Our {industry_lc} product has grown and a handful of endpoints now take seconds. We need someone to profile queries, add the right indexes, rework a couple of N+1 patterns and set up monitoring so it does not regress.',
        skills: ['PostgreSQL', 'Redis', 'Go'],
        pricing: 'hourly',
      },
      {
        title: 'Event pipeline with Kafka for {industry} order data',
        description:
          'We want to move order events from our monolith to downstream services through Kafka: schema design, a producer in the monolith, two consumers and dead-letter handling. Java/Spring Boot shop.',
        skills: ['Kafka', 'Java', 'Spring Boot'],
      },
      {
        title: 'FastAPI backend for a {industry} mobile app',
        description:
          'We need a FastAPI service with auth, user profiles, file uploads to object storage and an admin API. Tests and OpenAPI docs are part of the job. Our mobile developer will consume it.',
        skills: ['FastAPI', 'Python', 'PostgreSQL'],
      },
    ],
  },
  'devops-cloud': {
    budget: [400_000, 3_000_000],
    phases: ['Assessment and plan', 'Infrastructure as code', 'Migration', 'Runbooks and handover'],
    briefs: [
      {
        title: 'Move our {industry} app from VMs to Kubernetes',
        description:
          'We run {n:6-20} services on hand-managed VMs. We want them on managed Kubernetes with Terraform, a GitOps deploy flow and sensible autoscaling. Zero-downtime cutover is important.',
        skills: ['Kubernetes', 'Terraform', 'Docker'],
      },
      {
        title: 'Cut our AWS bill without hurting reliability',
        description:
          'Our AWS spend has doubled in a year. We want an audit with concrete savings, then help implementing the changes: right-sizing, savings plans, storage tiers and cleaning up unused resources.',
        skills: ['AWS', 'Terraform'],
        pricing: 'hourly',
      },
      {
        title: 'CI/CD pipeline with GitHub Actions',
        description:
          'We need build, test and deploy pipelines for a monorepo with {n:3-8} services: caching, preview environments per pull request and one-click production deploys with rollbacks.',
        skills: ['GitHub Actions', 'CI/CD', 'Docker'],
      },
      {
        title: 'Monitoring and alerting for our {industry} platform',
        description:
          'We find out about outages from customers. We want Prometheus and Grafana set up with SLO-based alerts, dashboards per service and an on-call rotation that makes sense for a small team.',
        skills: ['Prometheus', 'Site Reliability Engineering', 'Linux'],
      },
    ],
  },
  'data-science': {
    budget: [250_000, 1_800_000],
    phases: ['Data audit', 'Modelling', 'Dashboards', 'Training and handover'],
    briefs: [
      {
        title: 'KPI dashboards in Power BI for our {industry} leadership team',
        description:
          'We have data in our CRM, ERP and a Postgres database. We want a small set of trusted KPIs and dashboards for the leadership team, refreshed daily. Please describe your approach to defining metrics with stakeholders.',
        skills: ['Power BI', 'SQL', 'Data Visualization'],
      },
      {
        title: 'Set up dbt and a clean warehouse model',
        description:
          'Our analysts write ad-hoc SQL against raw tables. We want a dbt project with staging and mart layers, tests and documentation, and a handful of core models for revenue and retention.',
        skills: ['dbt', 'SQL', 'Data Analysis'],
      },
      {
        title: 'Analyse our A/B tests and set up an experimentation process',
        description:
          'We run A/B tests on our {industry_lc} product but are not confident in the results. We want a review of past tests, a sample-size calculator and a lightweight process with Python notebooks.',
        skills: ['A/B Testing', 'Statistics', 'Pandas'],
        pricing: 'hourly',
      },
      {
        title: 'Customer churn analysis for a {industry} subscription business',
        description:
          'Help us understand why customers cancel: cohort analysis, drivers of churn and a simple early-warning score we can act on. Data is in BigQuery.',
        skills: ['Data Analysis', 'SQL', 'Statistics'],
      },
    ],
  },
  'ai-ml': {
    budget: [800_000, 5_000_000],
    phases: ['Data and evaluation set', 'Prototype', 'Production pipeline', 'Monitoring and handover'],
    briefs: [
      {
        title: 'Retrieval-augmented assistant over our {industry} knowledge base',
        description:
          'We have thousands of support articles and internal docs. We want an assistant that answers questions with citations, hands off to a human when unsure, and an evaluation set so we can measure it over time.',
        skills: ['Retrieval-Augmented Generation', 'LangChain', 'Natural Language Processing'],
      },
      {
        title: 'Document classification model for {industry} paperwork',
        description:
          'We receive scanned documents in {n:8-20} types and route them by hand. We want a model that classifies and extracts key fields, with a review queue for low-confidence cases.',
        skills: ['Machine Learning', 'Computer Vision', 'PyTorch'],
      },
      {
        title: 'Fine-tune an LLM on our support conversations',
        description:
          'We want to fine-tune an open model on anonymised support transcripts to draft replies for agents. Includes data preparation, training, evaluation against our current prompts and a deployment plan.',
        skills: ['LLM Fine-tuning', 'PyTorch', 'MLOps'],
      },
      {
        title: 'Product recommendations for our {industry} store',
        description:
          'We want "customers also bought" and personalised recommendations on our store. Catalogue of about {n:5-50}k products. Please suggest an approach that we can maintain without a large ML team.',
        skills: ['Machine Learning', 'scikit-learn'],
        pricing: 'hourly',
      },
    ],
  },
  design: {
    budget: [300_000, 2_000_000],
    phases: ['Research and flows', 'Wireframes', 'High-fidelity design', 'Prototype and handoff'],
    briefs: [
      {
        title: 'UX redesign of our {industry} web app onboarding',
        description:
          'New users sign up but many never finish setup. We want research with a few users, a redesigned onboarding flow in Figma and a clickable prototype we can test before building.',
        skills: ['UX Research', 'Figma', 'Prototyping'],
      },
      {
        title: 'Design system in Figma for our product team',
        description:
          'Our product has grown screen by screen and it shows. We want a Figma design system with tokens, core components and documentation that our engineers can map to code.',
        skills: ['Design Systems', 'Figma', 'UI Design'],
      },
      {
        title: 'Mobile app UI for a {industry} startup',
        description:
          'We have wireframes for a {industry_lc} mobile app and need a polished visual design for about {n:15-40} screens, plus an icon set and a light/dark theme.',
        skills: ['UI Design', 'Figma', 'Interaction Design'],
      },
      {
        title: 'Accessibility review of our customer dashboard',
        description:
          'We want an expert review of our dashboard against WCAG 2.2 AA, prioritised findings and redesigned components where the fix is not obvious.',
        skills: ['Accessibility', 'UI Design'],
        pricing: 'hourly',
      },
    ],
  },
  'graphic-design': {
    budget: [100_000, 800_000],
    phases: ['Concepts', 'Refinement', 'Final files and guidelines'],
    briefs: [
      {
        title: 'Logo and brand identity for a new {industry} company',
        description:
          'We are launching a {industry_lc} company and need a logo, colour palette, typography and a short brand guide. Please show identity work you are proud of.',
        skills: ['Logo Design', 'Brand Identity', 'Adobe Illustrator'],
      },
      {
        title: 'Packaging design for our {industry} product range',
        description:
          'We need packaging for {n:3-8} products that stands out on the shelf and works with our existing logo. Print-ready files with dielines for our supplier.',
        skills: ['Packaging Design', 'Adobe Illustrator', 'Print Design'],
      },
      {
        title: 'Illustrations for our website and onboarding',
        description:
          'Looking for an illustrator to create a consistent set of {n:8-20} spot illustrations for our website and product empty states, in a friendly, simple style.',
        skills: ['Illustration', 'Adobe Illustrator'],
      },
      {
        title: 'Annual report layout for a {industry} organisation',
        description:
          'We need our {n:24-60}-page annual report laid out in InDesign from supplied copy and photos, with charts and a print-ready PDF plus an accessible web version.',
        skills: ['InDesign', 'Print Design'],
      },
    ],
  },
  'video-animation': {
    budget: [150_000, 1_200_000],
    phases: ['Script and storyboard', 'First cut', 'Final cut and deliverables'],
    briefs: [
      {
        title: 'Animated explainer video for our {industry} product',
        description:
          'We need a 60–90 second animated explainer for our homepage and ads: script help, storyboard, voice-over and motion graphics in our brand style.',
        skills: ['Motion Graphics', 'After Effects', '2D Animation'],
      },
      {
        title: 'Edit weekly YouTube videos for a {industry} channel',
        description:
          'We record long-form videos weekly and need an editor for cuts, captions, b-roll and thumbnails. Ongoing work with a consistent style.',
        skills: ['Video Editing', 'Adobe Premiere Pro'],
        pricing: 'hourly',
      },
      {
        title: '3D product animation for a launch',
        description:
          'We need a short 3D animation of our product for a launch campaign, rendered in several aspect ratios. CAD files are available.',
        skills: ['3D Animation', 'Blender'],
      },
      {
        title: 'Customer testimonial film for a {industry} company',
        description:
          'We have footage from three customer interviews and want a two-minute testimonial film with colour grading, sound mix and subtitles.',
        skills: ['Video Editing', 'DaVinci Resolve'],
      },
    ],
  },
  writing: {
    budget: [50_000, 600_000],
    phases: ['Outline and research', 'First draft', 'Revisions and final'],
    briefs: [
      {
        title: 'Technical documentation for our {industry} API',
        description:
          'We need a quick-start, guides for the main use cases and cleaned-up reference docs for our API. You will work from the OpenAPI spec and with our engineers.',
        skills: ['Technical Writing', 'Editing'],
      },
      {
        title: 'Blog articles for a {industry} SaaS',
        description:
          'We want {n:4-12} in-depth articles a month on topics our buyers search for. SEO briefs are provided; we need a writer who can interview our experts and make them sound good.',
        skills: ['Blog Writing', 'Content Writing'],
        pricing: 'hourly',
      },
      {
        title: 'Website copy for our relaunch',
        description:
          'We are relaunching our {industry_lc} website and need clear, confident copy for the homepage, {n:4-8} product pages and an about page.',
        skills: ['Copywriting', 'UX Writing'],
      },
      {
        title: 'Ghostwrite a founder book on {industry} innovation',
        description:
          'Our founder wants to publish a book on lessons from building a {industry_lc} company. We are looking for a ghostwriter to interview them and write a {n:35-60}k-word manuscript.',
        skills: ['Ghostwriting', 'Editing'],
      },
    ],
  },
  marketing: {
    budget: [150_000, 1_500_000],
    phases: ['Audit and strategy', 'Setup and launch', 'Optimisation', 'Reporting'],
    briefs: [
      {
        title: 'Google Ads management for a {industry} business',
        description:
          'We spend on Google Ads without clear results. We want an audit, a rebuilt account structure with proper conversion tracking, and ongoing management with monthly reporting.',
        skills: ['Google Ads', 'Marketing Analytics'],
        pricing: 'hourly',
      },
      {
        title: 'SEO audit and content plan for our {industry} site',
        description:
          'Our organic traffic has plateaued. We want a technical SEO audit, keyword research for our segment and a six-month content plan we can execute.',
        skills: ['SEO', 'Content Strategy'],
      },
      {
        title: 'Email lifecycle campaigns for our subscription product',
        description:
          'Set up onboarding, win-back and upgrade email sequences with segmentation, and write the copy. We use a common email platform and have basic tracking in place.',
        skills: ['Email Marketing', 'Growth Marketing'],
      },
      {
        title: 'Paid social launch campaign for a {industry} brand',
        description:
          'We launch a new product next quarter and want a paid social campaign: audiences, creative testing plan and daily optimisation for the first six weeks.',
        skills: ['Facebook Ads', 'Social Media Marketing'],
      },
    ],
  },
  'sales-support': {
    budget: [100_000, 900_000],
    phases: ['Setup and playbook', 'Ramp-up', 'Steady state'],
    briefs: [
      {
        title: 'Outbound lead generation for a {industry} startup',
        description:
          'We sell to {industry_lc} companies and want a part-time SDR to build lists, run email sequences and book meetings for our founders. HubSpot is our CRM.',
        skills: ['Lead Generation', 'HubSpot', 'Appointment Setting'],
        pricing: 'hourly',
      },
      {
        title: 'Customer support agent for evening coverage',
        description:
          'We need a friendly, precise support agent to cover evenings in Zendesk: answering tickets, escalating bugs and keeping macros up to date.',
        skills: ['Customer Support', 'Zendesk'],
        pricing: 'hourly',
      },
      {
        title: 'Clean up and automate our Salesforce pipeline',
        description:
          'Our Salesforce data is messy: duplicates, stale stages and no automation. We want a clean-up, a simplified pipeline and a few useful automations and reports.',
        skills: ['Salesforce', 'Lead Generation'],
      },
    ],
  },
  'finance-accounting': {
    budget: [100_000, 1_200_000],
    phases: ['Catch-up and clean-up', 'Monthly process', 'Reporting'],
    briefs: [
      {
        title: 'Monthly bookkeeping for a small {industry} business',
        description:
          'We need a reliable bookkeeper to reconcile accounts, categorise transactions and produce monthly P&L and balance sheet reports in Xero.',
        skills: ['Bookkeeping', 'Xero'],
        pricing: 'hourly',
      },
      {
        title: 'Financial model for our seed round',
        description:
          'We are raising a seed round for our {industry_lc} startup and need a driver-based model with hiring plan, scenarios and a clean summary for investors.',
        skills: ['Financial Modeling', 'Financial Analysis', 'Excel'],
      },
      {
        title: 'Year-end tax preparation',
        description:
          'We need our year-end accounts and tax filings prepared. Books are in QuickBooks and mostly up to date; some clean-up will be needed first.',
        skills: ['Tax Preparation', 'QuickBooks'],
      },
    ],
  },
  legal: {
    budget: [150_000, 1_500_000],
    phases: ['Review and advice', 'Drafting', 'Final documents'],
    briefs: [
      {
        title: 'Terms of service and privacy policy for a {industry} SaaS',
        description:
          'We are launching a {industry_lc} SaaS and need terms of service, a privacy policy and a DPA that fit how the product actually works.',
        skills: ['Terms of Service', 'GDPR Compliance', 'Contract Drafting'],
      },
      {
        title: 'Review our standard customer contract',
        description:
          'We want a lawyer to review our customer agreement, flag risky clauses and propose a fallback position playbook for our sales team.',
        skills: ['Contract Drafting', 'Corporate Law'],
        pricing: 'hourly',
      },
      {
        title: 'Trademark search and filing for our brand',
        description:
          'We need a clearance search for our brand name and logo in our main markets and to file the applications.',
        skills: ['Intellectual Property', 'Legal Research'],
      },
    ],
  },
  translation: {
    budget: [50_000, 700_000],
    phases: ['Glossary and style guide', 'Translation', 'Review and delivery'],
    briefs: [
      {
        title: 'Localize our {industry} app into Spanish and French',
        description:
          'We need about {n:2-6}k app strings and our help centre localized, with a glossary and in-context review of screenshots.',
        skills: ['Localization', 'Spanish Translation', 'French Translation'],
      },
      {
        title: 'Subtitles for our training videos',
        description:
          'We have {n:10-40} training videos in English and need accurate subtitles in German and Japanese with proper timing.',
        skills: ['Subtitling', 'German Translation', 'Japanese Translation'],
      },
      {
        title: 'Translate our website into Arabic',
        description:
          'We are expanding to the Middle East and need our {industry_lc} website translated into Arabic, including right-to-left layout review.',
        skills: ['Arabic Translation', 'Localization'],
      },
    ],
  },
  'qa-testing': {
    budget: [150_000, 1_200_000],
    phases: ['Test plan', 'Automation', 'Regression and reporting'],
    briefs: [
      {
        title: 'End-to-end test automation with Playwright',
        description:
          'We want Playwright tests for the critical flows of our {industry_lc} web app, running in CI on every pull request, with guidance on keeping them stable.',
        skills: ['Playwright', 'Test Automation'],
      },
      {
        title: 'Manual regression testing before each release',
        description:
          'We release every two weeks and need a tester to run our regression checklist on web and mobile, report bugs clearly and keep the checklist current.',
        skills: ['Manual Testing', 'Mobile Testing'],
        pricing: 'hourly',
      },
      {
        title: 'Load test our API before launch',
        description:
          'We expect a traffic spike at launch. We want load tests that model realistic user journeys, a report of bottlenecks and a re-test after fixes.',
        skills: ['Load Testing', 'Test Automation'],
      },
    ],
  },
  blockchain: {
    budget: [800_000, 5_000_000],
    phases: ['Specification', 'Contracts and tests', 'Audit fixes and deployment'],
    briefs: [
      {
        title: 'Smart contracts for a {industry} loyalty token',
        description:
          'We want an ERC-20 loyalty token with minting controls, a redemption contract and full test coverage, ready for an external audit.',
        skills: ['Solidity', 'Smart Contracts', 'Ethereum'],
      },
      {
        title: 'Audit our staking contracts',
        description:
          'We need an independent review of our staking and rewards contracts before mainnet, with a written report and a re-check of fixes.',
        skills: ['Smart Contract Auditing', 'Solidity'],
      },
      {
        title: 'Wallet connection and on-chain payments for our web app',
        description:
          'Add wallet connection and stablecoin payments to our existing React app, with clear transaction states and error handling.',
        skills: ['Web3.js', 'Ethereum'],
      },
    ],
  },
  cybersecurity: {
    budget: [500_000, 3_000_000],
    phases: ['Scoping', 'Testing', 'Report and retest'],
    briefs: [
      {
        title: 'Penetration test of our {industry} web app and API',
        description:
          'We need a grey-box penetration test of our web app and public API ahead of an enterprise deal, with a report suitable for customers and a retest.',
        skills: ['Penetration Testing', 'OWASP'],
      },
      {
        title: 'SOC 2 readiness assessment',
        description:
          'We are a small {industry_lc} SaaS starting SOC 2. We want a gap assessment, prioritised remediation plan and help writing policies.',
        skills: ['Security Auditing', 'Threat Modeling'],
        pricing: 'hourly',
      },
      {
        title: 'Threat modelling workshop for our product team',
        description:
          'Run threat modelling sessions for our two main services and leave us with a repeatable process and a backlog of mitigations.',
        skills: ['Threat Modeling', 'Security Auditing'],
      },
    ],
  },
};

/** For a category added to the taxonomy without briefs here: generic text, skills from the category. */
export const FALLBACK_PROJECTS: CategoryProjects = {
  budget: [100_000, 1_000_000],
  phases: ['Kick-off and plan', 'Delivery', 'Review and handover'],
  briefs: [
    {
      title: '{category} help for a {industry} company',
      description:
        'We are a {industry_lc} company looking for an experienced freelancer in {category_lc}. Please tell us about similar work and how you would approach it.',
      skills: [],
    },
  ],
};

/** Answers for requirement fields, by "category.field" first and then by field name. Values must match the kind. */
export const REQUIREMENT_ANSWERS: Record<string, readonly unknown[]> = {
  'web-development.platforms': [
    ['Chrome', 'Safari', 'Firefox', 'Edge'],
    ['Desktop web', 'Mobile web'],
    ['Chrome', 'Safari', 'Mobile Safari'],
  ],
  'mobile-development.platforms': [['iOS', 'Android'], ['iOS'], ['Android'], ['iOS', 'Android']],
  'qa-testing.platforms': [['Web'], ['Web', 'iOS', 'Android'], ['iOS', 'Android'], ['Web', 'Desktop']],
  existingCodebase: [true, false],
  integrations: [
    ['Stripe'],
    ['Stripe', 'Auth0'],
    ['Salesforce', 'Segment'],
    ['Twilio', 'SendGrid'],
    ['HubSpot'],
    [],
  ],
  storeSubmission: [true, false],
  expectedLoad: [50, 200, 500, 1500, 5000],
  dataStores: [['PostgreSQL'], ['PostgreSQL', 'Redis'], ['MySQL'], ['MongoDB', 'Redis']],
  cloudProvider: ['AWS', 'Google Cloud', 'Azure', 'AWS'],
  compliance: [['SOC 2'], ['HIPAA'], ['GDPR'], [], ['SOC 2', 'GDPR']],
  dataSources: [
    ['PostgreSQL', 'HubSpot'],
    ['Shopify', 'Google Analytics'],
    ['Salesforce', 'Stripe'],
    ['BigQuery'],
  ],
  dataVolumeGb: [5, 20, 80, 250, 1200],
  modelHosting: ['Our AWS account', 'Managed API is fine', 'On-premises GPUs', 'Google Cloud Vertex AI'],
  labelledData: [true, false],
  deliverables: [
    ['wireframes', 'hi-fi'],
    ['wireframes', 'hi-fi', 'prototype'],
    ['hi-fi', 'prototype'],
    ['research report', 'wireframes'],
  ],
  screens: [8, 15, 25, 40],
  formats: [
    ['SVG', 'PNG', 'PDF'],
    ['AI', 'PDF'],
    ['SVG', 'PNG'],
  ],
  revisions: [2, 3, 3, 4],
  durationSeconds: [30, 60, 90, 120, 600],
  footageProvided: [true, false],
  wordCount: [1500, 4000, 12000, 25000, 50000],
  tone: ['Friendly and clear', 'Authoritative but plain', 'Playful', 'Formal'],
  channels: [
    ['Google Ads'],
    ['SEO', 'Content'],
    ['Email'],
    ['Facebook', 'Instagram'],
    ['Google Ads', 'LinkedIn'],
  ],
  monthlyAdSpend: [200_000, 500_000, 1_500_000, 5_000_000],
  hoursCoverage: ['Weekdays 9–17 CET', 'Evenings 18–24 EST', '24/7', 'Weekends'],
  'finance-accounting.jurisdiction': [
    'United States (Delaware)',
    'United Kingdom',
    'Germany',
    'Canada (Ontario)',
  ],
  'legal.jurisdiction': ['England and Wales', 'Delaware, USA', 'California, USA', 'Germany', 'Ireland'],
  languages: [
    ['Spanish', 'French'],
    ['German'],
    ['Japanese', 'Korean'],
    ['Arabic'],
    ['Portuguese (Brazil)', 'Spanish'],
  ],
  chain: ['Ethereum', 'Polygon', 'Base', 'Arbitrum'],
  scope: [
    ['Web app', 'Public API'],
    ['Mobile app', 'API'],
    ['AWS account', 'Kubernetes cluster'],
    ['Web app'],
  ],
};

export const COVER_LETTERS = [
  'Hi! I read your brief for "{title}" and it is very close to what I do every day. I have shipped similar work with {skill} and {skill2}, most recently for a {industry_lc} client. I would start with a short call to confirm scope, then share a plan with milestones. Happy to show relevant examples.',
  'Hello, this project is a good fit: I have {years} years with {skill} and have delivered comparable projects end to end. My approach: clarify requirements in the first days, deliver in small increments you can review, and finish with documentation and a handover.',
  'Hi there, I would love to help with "{title}". I specialise in {focus}. I can start next week and usually work in your time zone for overlap. Estimate and milestones are in the proposal; tell me what you would like to change.',
  'Good day! I have done this kind of work for {industry_lc} companies before, using {skill}. I will keep you updated every few days and you will always have something to look at. Looking forward to hearing more about your goals.',
  'Hello, I am confident I can deliver this on time. Relevant experience: {skill}, {skill2}, and several projects like this in my portfolio. I would suggest splitting it into milestones so you can check progress early.',
];

export const CLIENT_REVIEWS_GOOD = [
  'Excellent work. Communicated clearly, delivered ahead of schedule and the quality was exactly what we needed.',
  'Great experience from start to finish. Proactive, thoughtful and easy to work with. Would hire again.',
  'Very strong skills and a real sense of ownership. Flagged risks early and handled feedback well.',
  'Delivered exactly what was agreed, with good documentation. Highly recommended.',
  'A pleasure to work with. Understood our business quickly and made smart suggestions along the way.',
];

export const CLIENT_REVIEWS_MIXED = [
  'Good result in the end, though a couple of deadlines slipped and we had to chase updates.',
  'Solid technical work; communication could have been more frequent.',
  'The work was acceptable but needed more revisions than expected.',
];

export const FREELANCER_REVIEWS = [
  'Clear brief, quick feedback and payments on time. Great client.',
  'Well-organised client who knew what they wanted. Would happily work together again.',
  'Friendly team, reasonable expectations and prompt approvals.',
  'Good collaboration overall; requirements shifted a little mid-project but we sorted it out.',
];

export const TIME_LOG_TASKS = [
  'Worked through the backlog items agreed in the weekly call',
  'Implemented the changes from last review and pushed for feedback',
  'Investigation and fixes for issues reported by the team',
  'Planning call, notes and follow-up tasks',
  'Testing and polishing before the next release',
  'Documentation and handover notes',
  'Pairing session with the in-house team',
  'Research and a short written recommendation',
];

export const SCOPE_CHANGES = [
  'Add an export to CSV for the reports page, which was not in the original scope.',
  'Client asked for a second language on all screens; this adds translation handling and QA.',
  'Integrate an additional payment provider alongside the agreed one.',
  'Extra round of revisions on the final deliverables requested by the new stakeholder.',
  'Move the launch date earlier by two weeks; needs extra hours in the last milestone.',
];

export const MILESTONE_NOTES = [
  'Delivered as agreed; details and links in the shared folder.',
  'Ready for review. Staging link and a short walkthrough video attached.',
  'All items in this milestone are done; open questions are listed in the notes.',
];
