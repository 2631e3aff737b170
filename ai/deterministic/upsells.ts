/**
 * Follow-on work that fits a project or contract: a maintenance retainer and category-specific extra
 * milestones the scope does not already include, each priced from market data (hours × the median hourly
 * rate of freelancers with the project's skills) with its rationale.
 */
import { money, percentOf, rate, roundNice } from '../format';
import type { MarketSnapshot } from '../market';

export interface UpsellSubject {
  contractId: string | null;
  projectId: string;
  title: string;
  description: string;
  category: string;
  skills: string[];
  /** fixed / hourly / retainer for a contract; project for a project without one. */
  kind: 'fixed' | 'hourly' | 'retainer' | 'project';
  pricing: 'fixed' | 'hourly';
  currency: string;
  /** What the build is worth: a fixed contract's amount, a fixed project's budget maximum; null when hourly. */
  buildValue: number | null;
  /** The contract's hourly rate, when there is one. */
  contractRate: number | null;
  requirements: Record<string, unknown>;
  milestoneTitles: string[];
}

export interface Upsell {
  kind: 'retainer' | 'milestone';
  title: string;
  description: string;
  rationale: string;
  price: { amount: number; currency: string };
  per: 'once' | 'month';
  months: number | null;
  estimatedHours: number;
}

export interface RateUsed {
  amount: number;
  currency: string;
  basis: string;
}

interface Idea {
  title: string;
  description: string;
  hours: number;
  /** Already in scope when the project's text, milestones or requirements match. */
  covered: RegExp;
  why: string;
  /** Extra condition on the requirements (e.g. mobile apps only when platforms include a store). */
  when?: (r: Record<string, unknown>) => boolean;
}

const IDEAS: Readonly<Record<string, readonly Idea[]>> = {
  'mobile-development': [
    {
      title: 'App Store and Google Play submission',
      description: 'Store listings, screenshots, review submission and fixes until both apps are approved.',
      hours: 10,
      covered: /store submission|app store|play store|google play|publish\w* (?:\w+ ){0,3}stores?/i,
      why: 'the scope builds the app but does not say who takes it through store review',
      when: (r) => r.storeSubmission !== true,
    },
    {
      title: 'Analytics and crash reporting',
      description:
        'Event tracking for the main flows and crash reports, so you see how the app is used after launch.',
      hours: 12,
      covered: /analytics|crash/i,
      why: 'nothing in the scope measures usage or stability after launch',
    },
    {
      title: 'Push notifications',
      description: 'Notification permissions, sending from the backend and deep links into the app.',
      hours: 14,
      covered: /push notification|notifications/i,
      why: 'order and status updates are a common next request for apps like this',
    },
  ],
  'web-development': [
    {
      title: 'Performance and SEO audit',
      description: 'Core Web Vitals, metadata, sitemaps and a prioritised fix list.',
      hours: 12,
      covered: /\bseo\b|performance|lighthouse|web vitals/i,
      why: 'the scope does not cover search visibility or page speed',
    },
    {
      title: 'Accessibility review (WCAG 2.2 AA)',
      description: 'Keyboard, screen reader and contrast checks with fixes for what fails.',
      hours: 10,
      covered: /accessib|wcag|a11y/i,
      why: 'accessibility is not mentioned and is cheaper to fix before launch',
    },
    {
      title: 'Hosting, CI/CD and monitoring setup',
      description: 'Automated deploys, uptime checks and error alerts.',
      hours: 12,
      covered: /ci\/cd|deploy|hosting|monitoring/i,
      why: 'the scope ends at the build, not at running it',
    },
  ],
  'backend-development': [
    {
      title: 'Load test and performance report',
      description:
        'Load tests at expected and peak traffic with a report and fixes for the bottlenecks found.',
      hours: 14,
      covered: /load test|performance|benchmark/i,
      why: 'nothing in the scope proves the service holds up under load',
    },
    {
      title: 'Monitoring, alerting and runbooks',
      description: 'Dashboards, alerts on errors and latency, and runbooks for the common incidents.',
      hours: 12,
      covered: /monitoring|alert|observability/i,
      why: 'the scope does not cover operating the service',
    },
    {
      title: 'API documentation',
      description: 'An OpenAPI description and a short integration guide.',
      hours: 8,
      covered: /documentation|openapi|swagger|docs\b/i,
      why: 'other teams will integrate with the API',
    },
  ],
  'devops-cloud': [
    {
      title: 'Cloud cost review',
      description: 'Rightsizing, reserved capacity and clean-up of unused resources.',
      hours: 10,
      covered: /\bcost/i,
      why: 'new infrastructure usually has savings left on the table',
    },
    {
      title: 'Disaster recovery drill',
      description: 'Backups restored in a drill, with a written recovery plan.',
      hours: 12,
      covered: /disaster|backup|recovery/i,
      why: 'the scope does not prove backups can be restored',
    },
  ],
  'data-science': [
    {
      title: 'Automated monthly refresh',
      description: 'Scheduled data refresh so the analysis stays current without manual work.',
      hours: 10,
      covered: /automat|schedul|refresh/i,
      why: 'the analysis is a one-off as scoped',
    },
    {
      title: 'Dashboard training session',
      description: 'A recorded walkthrough for the team that will use the dashboards.',
      hours: 4,
      covered: /training|walkthrough/i,
      why: 'adoption depends on the team knowing how to read the results',
    },
  ],
  'ai-ml': [
    {
      title: 'Evaluation suite and monitoring',
      description: 'A test set, quality metrics and drift monitoring for the model in production.',
      hours: 16,
      covered: /evaluat|monitor|drift/i,
      why: 'the scope does not say how quality is measured after launch',
    },
    {
      title: 'Retraining pipeline',
      description: 'Repeatable retraining on new data with a comparison against the current model.',
      hours: 20,
      covered: /retrain/i,
      why: 'models degrade as data changes',
    },
  ],
  design: [
    {
      title: 'Design system handoff',
      description: 'Components, tokens and usage notes developers can build from.',
      hours: 16,
      covered: /design system|component library|tokens/i,
      why: 'the scope delivers screens but not the reusable parts behind them',
    },
    {
      title: 'Usability test round (5 participants)',
      description: 'Moderated tests of the key flows with a findings report.',
      hours: 12,
      covered: /usability|user test/i,
      why: 'the designs are not validated with users in the scope',
    },
  ],
  'graphic-design': [
    {
      title: 'Brand guidelines',
      description: 'Logo usage, colours, typography and examples in one document.',
      hours: 12,
      covered: /guideline|brand book/i,
      why: 'keeps the new identity consistent wherever it is used',
    },
    {
      title: 'Social media templates',
      description: 'Editable post and story templates in the new style.',
      hours: 8,
      covered: /social/i,
      why: 'the first place a new identity is seen is usually social media',
    },
  ],
  'video-animation': [
    {
      title: 'Social cut-downs (3 formats)',
      description: 'Vertical, square and short versions for social channels.',
      hours: 8,
      covered: /social|cut-?downs?|vertical/i,
      why: 'one master video reaches more people in several formats',
    },
    {
      title: 'Subtitles and captions',
      description: 'Burned-in and separate caption files.',
      hours: 4,
      covered: /subtitle|caption/i,
      why: 'most social video is watched without sound',
    },
  ],
  writing: [
    {
      title: 'SEO optimisation pass',
      description: 'Keywords, headings, metadata and internal links for each piece.',
      hours: 6,
      covered: /\bseo\b/i,
      why: 'the content is not scoped for search',
    },
    {
      title: 'Content calendar for the next quarter',
      description: 'Topics, formats and dates for the next three months.',
      hours: 6,
      covered: /calendar|plan/i,
      why: 'keeps publishing going after this batch',
    },
  ],
  marketing: [
    {
      title: 'Monthly reporting dashboard',
      description: 'One dashboard with spend, conversions and cost per result by channel.',
      hours: 8,
      covered: /dashboard|reporting/i,
      why: 'results are easier to act on in one place',
    },
    {
      title: 'Landing page A/B test',
      description: 'Two landing page variants tested against each other.',
      hours: 10,
      covered: /a\/b|split test/i,
      why: 'conversion on the landing page multiplies every channel',
    },
  ],
  'qa-testing': [
    {
      title: 'Automated regression suite',
      description: 'The manual test cases automated and run on every change.',
      hours: 24,
      covered: /automat/i,
      why: 'manual testing has to be repeated on every release',
    },
  ],
  blockchain: [
    {
      title: 'Audit preparation',
      description: 'Test coverage, documentation and fixes ahead of an external audit.',
      hours: 16,
      covered: /audit/i,
      why: 'audits cost less and go faster on well-prepared code',
    },
  ],
  cybersecurity: [
    {
      title: 'Retest after fixes',
      description: 'A second pass confirming every finding is fixed.',
      hours: 8,
      covered: /retest/i,
      why: 'a report is only done when the fixes are verified',
    },
  ],
  translation: [
    {
      title: 'Localization QA pass',
      description: 'In-context review of the translated product or site.',
      hours: 6,
      covered: /\bqa\b|in-context|review/i,
      why: 'translations read differently in the real interface',
    },
  ],
};

const DEFAULT_IDEAS: readonly Idea[] = [
  {
    title: 'Handover documentation and walkthrough',
    description: 'Written notes and a recorded walkthrough of everything delivered.',
    hours: 6,
    covered: /documentation|handover|walkthrough/i,
    why: 'makes the work easy to pick up later',
  },
];

/** Percent of the build value a month for maintenance. */
export const RETAINER_PERCENT = 10;
export const RETAINER_MONTHS = 3;

export function suggestUpsellsDeterministic(
  s: UpsellSubject,
  market: MarketSnapshot,
  rateUsed: RateUsed | null,
): { suggestions: Upsell[]; notes: string[] } {
  const notes: string[] = [];
  const cur = s.currency;
  const suggestions: Upsell[] = [];
  const scopeText = [s.title, s.description, ...s.milestoneTitles, JSON.stringify(s.requirements)].join('\n');
  const rateText = rateUsed ? `${rate(rateUsed.amount, cur)}, ${rateUsed.basis}` : '';

  if (s.kind !== 'retainer') {
    if (s.buildValue && s.buildValue > 0) {
      const perMonth = roundNice(percentOf(s.buildValue, RETAINER_PERCENT), cur);
      const hours = rateUsed ? Math.max(1, Math.round(perMonth / rateUsed.amount)) : 0;
      suggestions.push({
        kind: 'retainer',
        title: `${RETAINER_MONTHS}-month maintenance retainer`,
        description:
          'Bug fixes, dependency and platform updates and small changes after launch' +
          (hours ? `: about ${hours} hours a month.` : '.'),
        rationale:
          `${RETAINER_PERCENT}% of the ${money(s.buildValue, cur)} build a month is a common maintenance rate` +
          (rateUsed ? `; at ${rateText} that buys about ${hours} hours a month.` : '.'),
        price: { amount: perMonth, currency: cur },
        per: 'month',
        months: RETAINER_MONTHS,
        estimatedHours: hours,
      });
    } else if (rateUsed) {
      const hours = 10;
      suggestions.push({
        kind: 'retainer',
        title: 'Monthly support block (10 hours)',
        description:
          'A reserved block of hours each month for fixes and small changes, billed at the same rate.',
        rationale: `Ten hours a month at ${rateText}, so small requests do not wait for a new contract.`,
        price: { amount: roundNice(hours * rateUsed.amount, cur), currency: cur },
        per: 'month',
        months: RETAINER_MONTHS,
        estimatedHours: hours,
      });
    }
  }

  if (!rateUsed) {
    notes.push(
      'No hourly rate to price extra milestones from: too few freelancers with these skills and no contract rate.',
    );
    return { suggestions, notes };
  }
  const ideas = (IDEAS[s.category] ?? DEFAULT_IDEAS).filter(
    (i) => !i.covered.test(scopeText) && (i.when?.(s.requirements) ?? true),
  );
  for (const idea of ideas.slice(0, 3)) {
    const price = roundNice(idea.hours * rateUsed.amount, cur);
    suggestions.push({
      kind: 'milestone',
      title: idea.title,
      description: idea.description,
      rationale: `Fits because ${idea.why}. About ${idea.hours} hours at ${rateText}.`,
      price: { amount: price, currency: cur },
      per: 'once',
      months: null,
      estimatedHours: idea.hours,
    });
  }
  if (ideas.length === 0) notes.push('The scope already covers the usual extras for this category.');
  if (market.hourlyRate === null && rateUsed)
    notes.push(`Priced at ${rateText}: too few freelancers on MegiLance to use a market rate.`);
  return { suggestions, notes };
}

/** The rate to price with: the market median for the skills, else the contract's rate. */
export function pickRate(
  market: MarketSnapshot,
  contractRate: number | null,
  currency: string,
): RateUsed | null {
  if (market.hourlyRate) {
    return {
      amount: market.hourlyRate.median,
      currency,
      basis: `the median rate of ${market.hourlyRate.label} on MegiLance (${market.hourlyRate.sample} freelancers)`,
    };
  }
  if (contractRate) return { amount: contractRate, currency, basis: "the contract's hourly rate" };
  return null;
}
