/**
 * Milestone plans: the usual phases of work per category with their share of the price, split so the
 * amounts add up exactly to the total and the due weeks end on the timeline.
 */
import { currencyDecimals, niceStep, splitExact, spreadWeeks } from '../format';

export interface Phase {
  title: string;
  /** Share of the price (relative). */
  weight: number;
  /** This phase is where third-party integrations go: their names are added to the title. */
  integrations?: boolean;
}

export const PHASES: Readonly<Record<string, readonly Phase[]>> = {
  'web-development': [
    { title: 'Discovery and technical plan', weight: 15 },
    { title: 'Core build', weight: 45 },
    { title: 'Integrations and QA', weight: 25, integrations: true },
    { title: 'Launch and handover', weight: 15 },
  ],
  'mobile-development': [
    { title: 'UX flows and architecture', weight: 15 },
    { title: 'Core app build', weight: 45 },
    { title: 'Integrations and QA', weight: 25, integrations: true },
    { title: 'Beta release and handover', weight: 15 },
  ],
  'backend-development': [
    { title: 'API design and data model', weight: 20 },
    { title: 'Core services', weight: 45 },
    { title: 'Integrations, tests and load checks', weight: 20, integrations: true },
    { title: 'Deployment and handover', weight: 15 },
  ],
  'devops-cloud': [
    { title: 'Audit and target architecture', weight: 20 },
    { title: 'Infrastructure as code', weight: 40 },
    { title: 'CI/CD and monitoring', weight: 25 },
    { title: 'Cutover and runbooks', weight: 15 },
  ],
  'data-science': [
    { title: 'Data audit and plan', weight: 20 },
    { title: 'Pipeline and analysis', weight: 45, integrations: true },
    { title: 'Dashboards and report', weight: 25 },
    { title: 'Handover', weight: 10 },
  ],
  'ai-ml': [
    { title: 'Data review and baseline', weight: 20 },
    { title: 'Model development', weight: 40 },
    { title: 'Evaluation and integration', weight: 25, integrations: true },
    { title: 'Deployment and handover', weight: 15 },
  ],
  design: [
    { title: 'Research and user flows', weight: 20 },
    { title: 'Wireframes', weight: 25 },
    { title: 'High-fidelity designs', weight: 35 },
    { title: 'Prototype and handoff', weight: 20 },
  ],
  'graphic-design': [
    { title: 'Concepts', weight: 35 },
    { title: 'Refinement', weight: 40 },
    { title: 'Final files', weight: 25 },
  ],
  'video-animation': [
    { title: 'Script and storyboard', weight: 25 },
    { title: 'Production', weight: 45 },
    { title: 'Edit and revisions', weight: 30 },
  ],
  writing: [
    { title: 'Outline and sample', weight: 20 },
    { title: 'First drafts', weight: 50 },
    { title: 'Revisions and final copy', weight: 30 },
  ],
  marketing: [
    { title: 'Audit and strategy', weight: 25 },
    { title: 'Setup and launch', weight: 40, integrations: true },
    { title: 'Optimisation and report', weight: 35 },
  ],
  'sales-support': [
    { title: 'Onboarding and playbook', weight: 25 },
    { title: 'Execution', weight: 55, integrations: true },
    { title: 'Report and handover', weight: 20 },
  ],
  'finance-accounting': [
    { title: 'Review of records', weight: 30 },
    { title: 'Preparation', weight: 50 },
    { title: 'Review and filing', weight: 20 },
  ],
  legal: [
    { title: 'Review', weight: 35 },
    { title: 'Drafting', weight: 45 },
    { title: 'Revisions and final documents', weight: 20 },
  ],
  translation: [
    { title: 'Glossary and sample', weight: 15 },
    { title: 'Translation', weight: 60 },
    { title: 'Review and delivery', weight: 25 },
  ],
  'qa-testing': [
    { title: 'Test plan', weight: 20 },
    { title: 'Test execution', weight: 50 },
    { title: 'Regression and report', weight: 30 },
  ],
  blockchain: [
    { title: 'Specification and architecture', weight: 20 },
    { title: 'Contracts and integration', weight: 45, integrations: true },
    { title: 'Testing and audit preparation', weight: 20 },
    { title: 'Deployment', weight: 15 },
  ],
  cybersecurity: [
    { title: 'Scoping and reconnaissance', weight: 20 },
    { title: 'Testing', weight: 50 },
    { title: 'Report and retest', weight: 30 },
  ],
};

const DEFAULT_PHASES: readonly Phase[] = [
  { title: 'Plan', weight: 20 },
  { title: 'Build', weight: 50 },
  { title: 'Review and handover', weight: 30 },
];

export function phasesFor(category: string): readonly Phase[] {
  return PHASES[category] ?? DEFAULT_PHASES;
}

export interface PlannedMilestone {
  title: string;
  amount: number;
  dueInWeeks: number;
}

export interface PlanOptions {
  /** Integration names for the integrations phase title ("Integrations and QA (Stripe)"). */
  integrations?: readonly string[];
  /** Use these titles and weights instead of the category's (e.g. the client's planned milestones). */
  phases?: readonly Phase[];
  /** Extra phases appended with their weight (e.g. "App store submission" when the brief asks for it). */
  extra?: readonly Phase[];
}

/**
 * A milestone plan for `total` (minor units) over `weeks`: amounts add up exactly to `total`, the last one
 * is due at `weeks`. Small totals or one-week timelines get two phases (the first and the last).
 */
export function planMilestones(
  category: string,
  total: number,
  currency: string,
  weeks: number,
  opts: PlanOptions = {},
): PlannedMilestone[] {
  let phases = [...(opts.phases ?? phasesFor(category)), ...(opts.extra ?? [])];
  const unit = 10 ** currencyDecimals(currency);
  if ((total < phases.length * 100 * unit || weeks < 2) && phases.length > 2) {
    const first = phases[0]!;
    const rest = phases.slice(1);
    phases = [first, { title: rest.at(-1)!.title, weight: rest.reduce((s, p) => s + p.weight, 0) }];
  }
  const names = opts.integrations?.filter(Boolean) ?? [];
  const weights = phases.map((p) => p.weight);
  const amounts = splitExact(total, weights, niceStep(Math.round(total / phases.length), currency));
  const used = phases.slice(0, amounts.length);
  const due = spreadWeeks(
    used.map((p) => p.weight),
    weeks,
  );
  return used.map((p, i) => ({
    title: p.integrations && names.length > 0 ? `${p.title} (${names.slice(0, 4).join(', ')})` : p.title,
    amount: amounts[i] ?? 0,
    dueInWeeks: due[i] ?? weeks,
  }));
}
