/**
 * The ground truth of the matching eval: specialities. Every generated freelancer has one primary
 * speciality (and maybe a secondary one); every brief is written for one speciality. Relevance is judged
 * from these labels alone (evals/matching/judge.ts), never by the ranking code.
 *
 * `family` groups specialities a client would accept as a near miss (Flutter for a React Native app).
 * Profile words (headlines, bios, case studies) and brief words are deliberately different: briefs speak
 * the client's language ("one codebase for iPhone and Android"), profiles the freelancer's.
 */
export interface Speciality {
  key: string;
  family: string;
  category: string;
  /** Canonical skill names every such freelancer lists (some of). */
  core: readonly string[];
  /** Skills such freelancers often add. */
  extra: readonly string[];
  headlines: readonly string[];
  bios: readonly string[];
  work: readonly string[];
  /** Client briefs; `{industry}` is filled in. */
  briefs: readonly string[];
}

export const SPECIALITIES: readonly Speciality[] = [
  {
    key: 'react-native',
    family: 'mobile',
    category: 'mobile-development',
    core: ['React Native', 'TypeScript', 'Expo'],
    extra: ['Firebase', 'Redux', 'GraphQL', 'In-App Purchases'],
    headlines: [
      'React Native developer',
      'Cross-platform mobile engineer (React Native, Expo)',
      'RN app developer',
    ],
    bios: [
      'I build cross-platform apps in React Native and ship them to the App Store and Google Play.',
      'Expo, React Navigation and native modules; offline-first apps with push notifications.',
    ],
    work: ['Shipped a React Native banking app to 200k users', 'Expo rewrite of a delivery app'],
    briefs: [
      'We need one codebase for our iPhone and Android app for {industry} customers, ideally React Native.',
      'Looking for a ReactNative dev to finish our Expo app and publish it to both stores.',
      'Cross-platform mobile app (iOS + Android) in React Native with push notifications and offline mode.',
      'Our {industry} startup needs a react native developer to add in-app purchases to the mobile app.',
    ],
  },
  {
    key: 'flutter',
    family: 'mobile',
    category: 'mobile-development',
    core: ['Flutter', 'Dart', 'Firebase'],
    extra: ['Android', 'iOS', 'In-App Purchases'],
    headlines: ['Flutter developer', 'Flutter & Dart mobile engineer', 'Mobile apps in Flutter'],
    bios: [
      'Flutter apps from one Dart codebase, with Firebase auth, Firestore and cloud functions.',
      'I design and build Flutter apps with clean architecture and BLoC state management.',
    ],
    work: ['Flutter fitness tracker with 4.8 stars', 'Dart/Flutter booking app for clinics'],
    briefs: [
      'Build our {industry} mobile app in Flutter with Firebase login and a chat screen.',
      'Need a Flutter/Dart developer to fix state management bugs in our app.',
      'Looking for a flutter dev: Android and iOS app from a single Dart codebase.',
      'Fluter developer wanted to add Firebase notifications and payments to our app.',
    ],
  },
  {
    key: 'ios-native',
    family: 'mobile',
    category: 'mobile-development',
    core: ['Swift', 'SwiftUI', 'iOS'],
    extra: ['Objective-C', 'In-App Purchases', 'Firebase'],
    headlines: ['iOS engineer (Swift, SwiftUI)', 'Native iPhone app developer', 'Swift developer'],
    bios: [
      'Native iOS apps in Swift and SwiftUI; Core Data, widgets, HealthKit and App Store releases.',
      'Ten years on Apple platforms, from Objective-C to SwiftUI.',
    ],
    work: ['SwiftUI redesign of a meditation app', 'HealthKit integration for a fitness startup'],
    briefs: [
      'We want a native iPhone app written in Swift for our {industry} product.',
      'SwiftUI developer needed to build iPad and iPhone screens with widgets.',
      'Need an experienced iOS engineer to integrate HealthKit and Apple Pay in Swift.',
    ],
  },
  {
    key: 'react-web',
    family: 'frontend',
    category: 'web-development',
    core: ['React', 'TypeScript', 'Next.js'],
    extra: ['Redux', 'Tailwind CSS', 'GraphQL', 'Jest'],
    headlines: [
      'React frontend developer',
      'Next.js and React engineer',
      'Senior React developer for web apps',
    ],
    bios: [
      'Single-page web apps and dashboards in React with TypeScript and Next.js.',
      'Component libraries, server rendering and fast web frontends in React.',
    ],
    work: ['Next.js storefront with 95 Lighthouse score', 'React admin dashboard for a SaaS'],
    briefs: [
      'We need a React developer to build the web dashboard of our {industry} SaaS.',
      'Next.js website with server-side rendering and a headless CMS.',
      'Frontend engineer for our ReactJS single page app: charts, tables, authentication.',
      'Looking for a reactjs + typescript dev to refactor our web frontend.',
    ],
  },
  {
    key: 'vue-frontend',
    family: 'frontend',
    category: 'web-development',
    core: ['Vue.js', 'Nuxt.js', 'JavaScript'],
    extra: ['TypeScript', 'Tailwind CSS', 'Vite'],
    headlines: ['Vue.js developer', 'Nuxt and Vue frontend engineer', 'Vue 3 specialist'],
    bios: [
      'Web apps in Vue 3 with Pinia and Nuxt; fast, accessible frontends.',
      'I migrate Vue 2 apps to Vue 3 and Nuxt 3.',
    ],
    work: ['Vue 3 migration of a booking platform', 'Nuxt marketing site with i18n'],
    briefs: [
      'Need a Vue developer to migrate our {industry} web app from Vue 2 to Vue 3.',
      'Nuxt.js frontend for our marketplace with server-side rendering.',
      'VueJS expert to build interactive forms and a dashboard.',
    ],
  },
  {
    key: 'shopify',
    family: 'ecommerce',
    category: 'web-development',
    core: ['Shopify', 'JavaScript', 'CSS'],
    extra: ['Conversion Rate Optimization', 'Klaviyo', 'HTML'],
    headlines: ['Shopify developer', 'Shopify theme and store expert', 'Shopify Plus developer'],
    bios: [
      'Custom Shopify themes in Liquid, app integrations and checkout tweaks for online stores.',
      'I build and speed up Shopify stores for DTC brands.',
    ],
    work: ['Shopify Plus migration for a fashion brand', 'Custom Liquid sections lifting conversion 18%'],
    briefs: [
      'Our online store runs on Shopify: we need a custom theme section and a faster product page.',
      'Looking for a Shopify expert to redesign our {industry} store and set up subscriptions.',
      'Shopify Liquid developer to build custom bundles on the product page.',
      'Need someone to move our ecommerce shop to Shopify and migrate the products.',
    ],
  },
  {
    key: 'woocommerce',
    family: 'ecommerce',
    category: 'web-development',
    core: ['WooCommerce', 'WordPress', 'PHP'],
    extra: ['CSS', 'JavaScript', 'MySQL'],
    headlines: ['WordPress & WooCommerce developer', 'WooCommerce store builder', 'WordPress developer'],
    bios: [
      'WooCommerce shops on WordPress: custom plugins, payment gateways and speed fixes.',
      'PHP developer for WordPress themes and WooCommerce extensions.',
    ],
    work: ['WooCommerce shop for an organic farm', 'Custom WordPress plugin for bookings'],
    briefs: [
      'We sell through a WordPress site with WooCommerce and need a custom checkout plugin.',
      'Fix our slow WooCommerce store and add a new payment gateway.',
      'WordPress developer to build a {industry} website with an online shop.',
    ],
  },
  {
    key: 'node-api',
    family: 'backend',
    category: 'backend-development',
    core: ['Node.js', 'PostgreSQL', 'REST APIs'],
    extra: ['TypeScript', 'Express', 'NestJS', 'Redis'],
    headlines: [
      'Node.js backend engineer',
      'Backend developer: Node, Postgres, APIs',
      'NestJS API developer',
    ],
    bios: [
      'APIs in Node.js and TypeScript with PostgreSQL, queues and solid tests.',
      'Backend services with Express or NestJS, Postgres and Redis.',
    ],
    work: ['Node.js payments API handling 2k rps', 'NestJS backend for a logistics platform'],
    briefs: [
      'We need a backend developer to build a REST API in Node.js with a Postgres database.',
      'Node/Express API for our {industry} mobile app: auth, payments webhooks, admin endpoints.',
      'Looking for a nodejs engineer to design the database and API of our platform.',
      'NestJS backend with PostgreSQL and background jobs.',
    ],
  },
  {
    key: 'django-python',
    family: 'backend',
    category: 'backend-development',
    core: ['Python', 'Django', 'PostgreSQL'],
    extra: ['FastAPI', 'REST APIs', 'Redis'],
    headlines: [
      'Python/Django developer',
      'Django backend engineer',
      'Python web developer (Django, FastAPI)',
    ],
    bios: [
      'Django and Django REST Framework backends, Celery jobs and PostgreSQL.',
      'Python web applications with Django or FastAPI, tested and documented.',
    ],
    work: ['Django platform for a tutoring company', 'FastAPI service for insurance quotes'],
    briefs: [
      'Python developer to extend our Django application and its REST API.',
      'We need a Django backend for a {industry} portal with user accounts and admin.',
      'Looking for a Djnago expert to fix performance problems in our ORM queries.',
    ],
  },
  {
    key: 'go-microservices',
    family: 'backend',
    category: 'backend-development',
    core: ['Go', 'Microservices', 'gRPC'],
    extra: ['Kubernetes', 'Kafka', 'PostgreSQL'],
    headlines: [
      'Go (Golang) backend engineer',
      'Distributed systems engineer in Go',
      'Golang microservices developer',
    ],
    bios: [
      'High-throughput services in Golang with gRPC, Kafka and Postgres.',
      'I split monoliths into Go microservices and keep them observable.',
    ],
    work: ['Golang event pipeline at 50k msgs/s', 'gRPC services for a trading platform'],
    briefs: [
      'We need a Golang engineer to build high-throughput microservices with gRPC.',
      'Backend in Go for real-time {industry} data, with Kafka streams.',
      'Looking for a go developer to split our monolith into services.',
    ],
  },
  {
    key: 'kubernetes-devops',
    family: 'devops',
    category: 'devops-cloud',
    core: ['Kubernetes', 'Docker', 'Terraform'],
    extra: ['Helm', 'CI/CD', 'Prometheus', 'AWS'],
    headlines: ['DevOps engineer (Kubernetes, Terraform)', 'Platform engineer', 'Kubernetes consultant'],
    bios: [
      'Kubernetes clusters, Helm charts, GitOps and Terraform for reliable deployments.',
      'I containerise applications and build CI/CD pipelines that teams trust.',
    ],
    work: ['Migrated 40 services to Kubernetes', 'Terraform modules for a multi-account setup'],
    briefs: [
      'We need help moving our apps into Docker containers and a Kubernetes cluster.',
      'DevOps engineer to set up CI/CD pipelines and infrastructure as code.',
      'Looking for someone who knows k8s and Helm to fix our deployments.',
      'Kubernets and Terraform expert for our {industry} platform.',
    ],
  },
  {
    key: 'aws-cloud',
    family: 'devops',
    category: 'devops-cloud',
    core: ['AWS', 'Cloud Architecture', 'AWS Lambda'],
    extra: ['Serverless', 'Terraform', 'DynamoDB'],
    headlines: ['AWS cloud architect', 'AWS solutions engineer', 'Serverless AWS developer'],
    bios: [
      'Well-architected AWS: Lambda, API Gateway, DynamoDB, cost reviews and security.',
      'Cloud architecture on AWS for startups that need to scale and save.',
    ],
    work: ['Cut an AWS bill by 45%', 'Serverless backend on Lambda and DynamoDB'],
    briefs: [
      'Our AWS bill is too high: we need a cloud architect to review and cut costs.',
      'Serverless backend on Amazon Web Services with Lambda for our {industry} app.',
      'Need an AWS expert to design a scalable cloud setup.',
    ],
  },
  {
    key: 'data-engineering',
    family: 'data',
    category: 'data-science',
    core: ['Data Engineering', 'Apache Airflow', 'dbt'],
    extra: ['Snowflake', 'Python', 'SQL', 'ETL'],
    headlines: ['Data engineer', 'Analytics engineer (dbt, Airflow)', 'Data pipeline engineer'],
    bios: [
      'Data pipelines with Airflow and dbt into Snowflake or BigQuery.',
      'I build ETL that analysts can trust: tested models, lineage, alerts.',
    ],
    work: ['Airflow and dbt warehouse for a retailer', 'Snowflake migration from Redshift'],
    briefs: [
      'We need data pipelines that load our {industry} data into a warehouse every night.',
      'Looking for a data engineer with Airflow and dbt experience.',
      'ETL from our SaaS tools into Snowflake, with tested transformations.',
    ],
  },
  {
    key: 'bi-dashboards',
    family: 'data',
    category: 'data-science',
    core: ['Power BI', 'Data Visualization', 'SQL'],
    extra: ['Tableau', 'Excel', 'Data Analysis'],
    headlines: [
      'BI developer (Power BI, Tableau)',
      'Data analyst and dashboard builder',
      'Power BI consultant',
    ],
    bios: [
      'KPI dashboards in Power BI and Tableau on top of clean SQL models.',
      'I turn spreadsheets into live reports leadership actually reads.',
    ],
    work: ['Power BI sales dashboards for 300 stores', 'Tableau KPI reporting for a hospital'],
    briefs: [
      'We need KPI dashboards for our leadership team in Power BI.',
      'Turn our Excel reports into live interactive dashboards for {industry} managers.',
      'Data analyst to build Tableau visualisations from our SQL database.',
    ],
  },
  {
    key: 'nlp-llm',
    family: 'ai',
    category: 'ai-ml',
    core: ['Natural Language Processing', 'Retrieval-Augmented Generation', 'LangChain'],
    extra: ['OpenAI API', 'Python', 'Vector Databases', 'Prompt Engineering'],
    headlines: [
      'LLM engineer (RAG, LangChain)',
      'NLP and generative AI developer',
      'AI engineer for chatbots',
    ],
    bios: [
      'Retrieval-augmented generation over company documents, evaluations and guardrails.',
      'LLM apps with LangChain and the OpenAI API, from prototype to production.',
    ],
    work: ['RAG assistant over 20k support articles', 'LLM-based contract summariser'],
    briefs: [
      'We want a chatbot that answers questions from our {industry} documents using GPT.',
      'Build a RAG pipeline with LangChain over our knowledge base.',
      'Looking for an LLM engineer to add AI search to our product.',
      'NLP expert to classify customer emails with large language models.',
    ],
  },
  {
    key: 'computer-vision',
    family: 'ai',
    category: 'ai-ml',
    core: ['Computer Vision', 'PyTorch', 'OpenCV'],
    extra: ['Deep Learning', 'Python', 'MLOps'],
    headlines: [
      'Computer vision engineer',
      'Deep learning engineer (vision)',
      'OpenCV and PyTorch developer',
    ],
    bios: [
      'Object detection, segmentation and OCR models in PyTorch, deployed at the edge.',
      'Image and video understanding with OpenCV and deep learning.',
    ],
    work: ['Defect detection on a production line', 'OCR pipeline for scanned invoices'],
    briefs: [
      'We need a model that detects defects in product photos from our {industry} line.',
      'Computer vision engineer to count objects in camera video.',
      'Image recognition with PyTorch for our app: detect and classify items in photos.',
    ],
  },
  {
    key: 'ux-ui',
    family: 'design',
    category: 'design',
    core: ['UX Design', 'UI Design', 'Figma'],
    extra: ['Prototyping', 'UX Research', 'Design Systems', 'Wireframing'],
    headlines: ['Product designer (UX/UI)', 'UX/UI designer in Figma', 'Senior product designer'],
    bios: [
      'User research, wireframes and polished interfaces in Figma, handed off with a design system.',
      'I design web and mobile products people find easy to use.',
    ],
    work: ['Redesigned onboarding, +25% activation', 'Design system for a fintech app'],
    briefs: [
      'We need a designer to redesign the screens of our {industry} web app in Figma.',
      'UX/UI designer to run user interviews and prototype a new onboarding flow.',
      'Looking for a product designer to create a design system for our app.',
    ],
  },
  {
    key: 'brand-logo',
    family: 'graphic',
    category: 'graphic-design',
    core: ['Logo Design', 'Brand Identity', 'Adobe Illustrator'],
    extra: ['Typography', 'Brand Guidelines', 'Packaging Design'],
    headlines: ['Brand identity designer', 'Logo and branding designer', 'Graphic designer for brands'],
    bios: [
      'Logos, colour palettes and brand guidelines for small businesses and startups.',
      'Visual identities drawn in Illustrator, from sketch to full brand book.',
    ],
    work: ['Brand identity for a coffee roaster', 'Packaging and logo for a skincare line'],
    briefs: [
      'We need a logo and a visual identity for our new {industry} company.',
      'Rebrand: new logo, colours, fonts and a brand guide.',
      'Looking for a graphic designer to design our logo and business cards.',
    ],
  },
  {
    key: 'video-editing',
    family: 'video',
    category: 'video-animation',
    core: ['Video Editing', 'Adobe Premiere Pro', 'Color Grading'],
    extra: ['After Effects', 'DaVinci Resolve', 'Motion Graphics'],
    headlines: ['Video editor', 'Video editor for YouTube and ads', 'Editor and colourist'],
    bios: [
      'Editing YouTube videos, ads and interviews in Premiere Pro, with colour grading and sound.',
      'Fast turnaround edits that keep viewers watching.',
    ],
    work: ['Edited 120 YouTube episodes', 'Brand film colour graded in DaVinci Resolve'],
    briefs: [
      'We need someone to edit our weekly YouTube videos with captions and music.',
      'Video editor to cut a 60-second ad from our {industry} footage.',
      'Looking for an editor for interview videos, colour correction included.',
    ],
  },
  {
    key: 'tech-writing',
    family: 'writing',
    category: 'writing',
    core: ['Technical Writing', 'API Documentation', 'Editing'],
    extra: ['UX Writing', 'Content Writing'],
    headlines: ['Technical writer', 'API documentation writer', 'Developer docs writer'],
    bios: [
      'Developer documentation, API references and tutorials engineers actually read.',
      'I write user guides and docs for software products.',
    ],
    work: ['API reference for a payments platform', 'User manual for an IoT device'],
    briefs: [
      'We need documentation for our REST API: reference pages and getting-started guides.',
      'Technical writer to write the user manual of our {industry} software.',
      'Looking for someone to write developer docs and tutorials.',
    ],
  },
  {
    key: 'copywriting',
    family: 'writing',
    category: 'writing',
    core: ['Copywriting', 'Content Writing', 'SEO Writing'],
    extra: ['Blog Writing', 'Email Marketing', 'Product Descriptions'],
    headlines: ['Conversion copywriter', 'Copywriter and content writer', 'SEO copywriter'],
    bios: [
      'Landing pages, emails and blog posts that convert, written in your brand voice.',
      'I write website copy and articles that rank and sell.',
    ],
    work: ['Landing page copy that doubled sign-ups', 'Blog programme for a SaaS'],
    briefs: [
      'We need persuasive copy for our new {industry} landing page.',
      'Copywriter to write product descriptions and email sequences.',
      'Looking for a writer for weekly blog articles that rank on Google.',
    ],
  },
  {
    key: 'seo',
    family: 'marketing',
    category: 'marketing',
    core: ['SEO', 'Keyword Research', 'Link Building'],
    extra: ['Google Analytics', 'Local SEO', 'Content Strategy'],
    headlines: ['SEO specialist', 'Technical SEO consultant', 'SEO and organic growth'],
    bios: [
      'Technical audits, keyword research and link building that grow organic traffic.',
      'I help sites rank: on-page fixes, content plans and backlinks.',
    ],
    work: ['Organic traffic up 3x in a year', 'Technical SEO audit for a marketplace'],
    briefs: [
      'Our website does not show up on Google: we need an SEO audit and plan.',
      'Search engine optimisation for our {industry} site, including backlinks.',
      'Looking for an SEO expert to do keyword research and fix technical issues.',
    ],
  },
  {
    key: 'paid-ads',
    family: 'marketing',
    category: 'marketing',
    core: ['Google Ads', 'Facebook Ads', 'PPC Advertising'],
    extra: ['Marketing Analytics', 'Conversion Rate Optimization', 'TikTok Ads'],
    headlines: ['Paid ads specialist (Google, Meta)', 'PPC manager', 'Performance marketer'],
    bios: [
      'Google Ads and Meta campaigns managed for ROAS, with clean tracking.',
      'Paid acquisition: search, social and retargeting campaigns.',
    ],
    work: ['Scaled Meta ads to 4x ROAS', 'Google Ads restructure cutting CPA 30%'],
    briefs: [
      'We need someone to run our Google Ads and Facebook ad campaigns.',
      'PPC manager to lower our cost per lead for {industry} services.',
      'Looking for a performance marketer for paid social ads.',
    ],
  },
  {
    key: 'bookkeeping',
    family: 'finance',
    category: 'finance-accounting',
    core: ['Bookkeeping', 'QuickBooks', 'Xero'],
    extra: ['Payroll', 'Tax Preparation', 'Accounts Payable'],
    headlines: ['Bookkeeper (QuickBooks, Xero)', 'Small business bookkeeper', 'Accountant and bookkeeper'],
    bios: [
      'Monthly bookkeeping, reconciliations and payroll in QuickBooks or Xero.',
      'I keep small business books clean and tax ready.',
    ],
    work: ['Cleaned up 2 years of books', 'Monthly close for a chain of cafes'],
    briefs: [
      'We need a bookkeeper to reconcile our accounts every month in QuickBooks.',
      'Catch-up bookkeeping and payroll for our {industry} small business.',
      'Looking for someone to manage our books in Xero and prepare for taxes.',
    ],
  },
  {
    key: 'solidity',
    family: 'blockchain',
    category: 'blockchain',
    core: ['Solidity', 'Smart Contracts', 'Ethereum'],
    extra: ['Hardhat', 'DeFi', 'Smart Contract Auditing'],
    headlines: ['Solidity smart contract developer', 'Ethereum developer', 'Web3 engineer'],
    bios: [
      'Smart contracts in Solidity with Hardhat tests, audited and gas optimised.',
      'Ethereum and EVM chains: tokens, staking and DeFi protocols.',
    ],
    work: ['Staking contracts holding $20M', 'ERC-20 token and vesting contracts'],
    briefs: [
      'We need smart contracts for a token and staking on Ethereum.',
      'Solidity developer to write and test our DeFi contracts.',
      'Looking for a web3 engineer for an NFT mint contract.',
    ],
  },
  {
    key: 'pentest',
    family: 'security',
    category: 'cybersecurity',
    core: ['Penetration Testing', 'Application Security', 'OWASP'],
    extra: ['Burp Suite', 'Vulnerability Assessment', 'Cloud Security'],
    headlines: ['Penetration tester', 'Application security consultant', 'Ethical hacker (OSCP)'],
    bios: [
      'Web and API penetration tests with clear reports and fixes.',
      'I find vulnerabilities before attackers do: OWASP top 10, auth flaws, cloud misconfigurations.',
    ],
    work: ['Pentest of a banking web app', 'API security review for a health platform'],
    briefs: [
      'We need a penetration test of our {industry} web application before launch.',
      'Security audit of our API: find vulnerabilities and report them.',
      'Looking for an ethical hacker to test our app against the OWASP top 10.',
    ],
  },
  {
    key: 'spanish-translation',
    family: 'translation',
    category: 'translation',
    core: ['Spanish Translation', 'Localization', 'Proofreading'],
    extra: ['Subtitling', 'Legal Translation'],
    headlines: [
      'English to Spanish translator',
      'Spanish localisation specialist',
      'Native Spanish translator',
    ],
    bios: [
      'English to Spanish translation and localisation of websites, apps and documents.',
      'Native Spanish speaker; I adapt content for Spain and Latin America.',
    ],
    work: ['Localised a SaaS app into Spanish', 'Translated 300 product pages'],
    briefs: [
      'We need our website translated from English into Spanish.',
      'Spanish localisation of our {industry} app for Latin America.',
      'Looking for a native Spanish translator for marketing materials.',
    ],
  },
  {
    key: 'test-automation',
    family: 'qa',
    category: 'qa-testing',
    core: ['Test Automation', 'Playwright', 'Cypress'],
    extra: ['Selenium', 'API Testing', 'CI/CD'],
    headlines: ['QA automation engineer', 'Test automation (Playwright, Cypress)', 'SDET'],
    bios: [
      'End-to-end tests with Playwright and Cypress running in CI on every pull request.',
      'I set up test automation frameworks and cut regressions.',
    ],
    work: ['Playwright suite of 400 tests in CI', 'Cypress framework for a checkout flow'],
    briefs: [
      'We need automated end-to-end tests for our web app, running in CI.',
      'QA engineer to write Playwright tests for our {industry} platform.',
      'Looking for a test automation expert to replace our manual regression testing.',
    ],
  },
];

export const INDUSTRY_WORDS = [
  'fintech',
  'healthcare',
  'ecommerce',
  'education',
  'real estate',
  'travel',
  'logistics',
  'insurance',
  'retail',
  'media',
] as const;
