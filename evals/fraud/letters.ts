/**
 * Cover letters for the fraud eval and the risk tests: honest ones written for one project (varied in every
 * part), the scripts spam rings share, and the off-platform requests scammers slip in, plain or obfuscated.
 */
import type { Rng } from '../../db/seed/random';

const OPENERS = [
  'Hi, thanks for the clear brief.',
  'Hello! Your project caught my eye because',
  'Good morning,',
  'Hey there, I read the whole description twice.',
  'Thanks for posting this;',
  'Hi team,',
  'Hello, quick note before the details:',
  'I was excited to see this one, since',
  'Greetings from Lisbon.',
  'Hi, short version first:',
  'Nice brief.',
  'Hello and thanks for the detail on the data sources.',
];
const EXPERIENCE = [
  'I spent four years at a payments startup building the merchant dashboard',
  'last spring I rebuilt the reporting module of a logistics company',
  'my most recent contract was a booking engine for a chain of clinics',
  'I maintain an open source charting library with a few thousand users',
  'I led the migration of an insurance portal from jQuery to React',
  'I built the analytics back office for a mid-sized e-commerce shop',
  'before freelancing I was a tech lead on a team of six at a telecom',
  'I have shipped two React Native apps that are live in both stores',
  'I delivered a real-time fleet tracker on Node and Postgres',
  'I wrote the billing integration for a SaaS with usage-based pricing',
  'I have been doing accessibility audits and fixes for public sector sites',
  'I designed and built the admin tooling for a marketplace of tutors',
];
const APPROACH = [
  'I would start by agreeing on the data model, then build the charts against fixtures',
  'the first week would be a clickable prototype so you can react early',
  'I would set up CI and preview deployments on day one',
  'I would split the work into three milestones with a demo at the end of each',
  'my plan is to reuse your existing auth and focus the budget on the reports',
  'I would write the API contract first so frontend and backend can move in parallel',
  'I usually keep a short written log of decisions that you can read any time',
  'I would profile the slow queries before touching the UI',
  'I would pair with your designer for an hour at the start to settle the components',
  'I would ship behind a feature flag and migrate users gradually',
  'testing would cover the money paths end to end before anything else',
  'I would keep the scope tight and list the nice-to-haves separately',
];
const DETAILS = [
  'The export to CSV you mention is straightforward with streaming.',
  'Your deadline works if we freeze the scope after the first milestone.',
  'Recharts would cover the chart types in the brief.',
  'For the multi-currency totals I would keep integer minor units throughout.',
  'Role-based access can reuse the groups you already have.',
  'The map view needs a tile provider; I can suggest two with fair pricing.',
  'I noticed the brief mentions offline mode; that deserves its own estimate.',
  'Dark mode is cheap to add if we use design tokens from the start.',
  'I would keep the PDF invoices server-side for consistency.',
  'Search over 50k rows is fine with a proper index, no extra service needed.',
  'The webhook retries need idempotency keys; I have done this before.',
  'I can hand over with a recorded walkthrough and a README.',
];
const CLOSERS = [
  'Happy to answer questions here.',
  'Looking forward to hearing from you.',
  'Thanks for reading!',
  'Let me know what you think of the plan.',
  'I can start next Monday.',
  'Portfolio links are on my profile.',
  'Talk soon.',
  'Cheers.',
];

/** An honest letter: specific to its project, different in every part from other letters. */
export function honestLetter(rng: Rng, projectTitle: string): string {
  const n = rng.int(2, 4);
  const details: string[] = [];
  while (details.length < n) {
    const d = rng.pick(DETAILS);
    if (!details.includes(d)) details.push(d);
  }
  return [
    rng.pick(OPENERS),
    `${rng.pick(EXPERIENCE)}, which is close to "${projectTitle}".`,
    `For your project ${rng.pick(APPROACH)}, about ${rng.int(2, 14)} weeks in total.`,
    ...details,
    rng.pick(CLOSERS),
  ].join(' ');
}

/** The scripts rings paste everywhere, with the project title swapped in. */
export const SPAM_SCRIPTS = [
  (title: string) =>
    `Dear Sir/Madam, I have carefully read your job "${title}" and I am very confident I am the best candidate ` +
    'for it. I have more than 10 years of experience in all the required skills and I have completed many ' +
    'similar projects with 100% client satisfaction. Kindly award me this job and I will start immediately ' +
    'with full dedication and deliver high quality work on time. Waiting for your positive response.',
  (title: string) =>
    `Hello, I am expert for "${title}". I have done exactly same project before and can share demo. My team ` +
    'is available 24/7 and we give unlimited revisions until you are 100% satisfied. Price is negotiable. ' +
    'Please message me so we can discuss more details and start right now. Thank you very much.',
  (title: string) =>
    `Hi dear client, greetings of the day! Regarding "${title}", I have gone through your requirements and ` +
    'I can complete it in very short time with best quality. I am top rated developer with huge experience. ' +
    'Hire me and you will not regret. I am waiting for your reply eagerly. Best regards.',
];

/** How a scammer asks to leave the platform: contact details or payment elsewhere, plain or obfuscated. */
export const OFF_PLATFORM = [
  'To avoid the platform fees you can pay me directly on PayPal.',
  'Add me on WhatsApp +1 646 555 0142 so we can discuss faster.',
  'I prefer payment in USDT, it is faster for both of us.',
  'Write me at devpro dot jobs at gmail dot com for the full portfolio.',
  'Message me on t e l e g r a m @fastdev so we can continue outside the platform.',
  'Send the deposit by Western Union and I start today.',
  'My number is nine one seven five five five zero one four two, text me.',
  'Contact: rapid.coder[at]protonmail[dot]com, we can skip the site fees.',
];

/** Honest letters that brush against the detectors without being contact requests (hard negatives). */
export const NEAR_MISSES = [
  'I will email you a short weekly report through the platform messages.',
  'Budget of $12,000 over 10 weeks works; milestones of $3,000 each.',
  'I have 1,200 hours on fintech dashboards and 99.9% uptime on my last system.',
  'We can schedule calls whenever suits you, here in the project chat.',
  'Payment through the platform milestones is perfect for me.',
];
