/**
 * A clearer job post from the same facts: the description's own sentences sorted into sections (summary,
 * scope, about you), deliverables and acceptance criteria restated from what the project already says
 * (milestones, requirement answers, "must" sentences), the skills, and the budget and timeline as details.
 * Nothing is invented: what is missing becomes a question for the client, not text in the post.
 */
import { parseMoney } from '../../agents/offline/parse/money';
import type { Executor } from '../../db/client';
import { categoryRequirementFields, industryName } from '../../db/queries/market';
import { loadSkillGraph } from '../../db/queries/skillGraph';
import { listing, money, rate, weeksText } from '../format';
import { questionFor } from './requirements';

export interface PostSubject {
  projectId: string | null;
  title: string;
  description: string;
  category: string | null;
  industry: string | null;
  skills: string[];
  pricing: 'fixed' | 'hourly' | null;
  budget: { currency: string; min: number; max: number } | null;
  timelineWeeks: number | null;
  deadline: string | null;
  requirements: Record<string, unknown>;
  milestones: { title: string; amount: number; currency: string }[];
}

export interface Change {
  what: string;
  why: string;
}

export interface ImprovedPost {
  title: string;
  description: string;
  sections: {
    summary: string[];
    scope: string[];
    deliverables: string[];
    skills: string[];
    acceptanceCriteria: string[];
    details: string[];
    aboutYou: string[];
  };
  changes: Change[];
  questions: string[];
  notes: string[];
}

const ABOUT_YOU =
  /\b(?:experience[ds]?|you (?:have|are|will|should|must|would)|ideally|must have|nice to have|preferred|prefer|please (?:share|include|send|tell|show|apply|describe)|portfolio|tell us|show us|share (?:similar|examples|links)|apply|applicants?|candidates?)\b/i;
const SCOPE =
  /\b(?:need|needs|want|wants|build|create|design|develop|implement|migrate|fix|write|integrate|add|rebuild|redesign|set up|setup|improve|replace|convert|launch|deliver|support|include|includes|including|should|must|will|would like|looking for)\b/i;
const TIMING =
  /\b(?:\d+\s*(?:-\s*\d+\s*)?(?:weeks?|months?|days?)|deadline|asap|by (?:the )?(?:end|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|hours? (?:a|per) week|start (?:date|immediately|next))\b/i;
const MUST = /\b(?:must|has to|have to|needs to|should be able to|required to)\b/i;
const DELIVERABLE_NOUN =
  /\b(app|website|site|web app|dashboard|api|backend|landing page|store|storefront|logo|brand identity|video|animation|report|dashboard|model|chatbot|pipeline|integration|prototype|design system|articles?|blog posts?|copy|campaign|audit|translation|smart contract|test suite)\b/i;
const SHOUT = /!{2,}|\b(?:URGENT|ASAP|HELP)\b[:!-]?/g;
const TITLE_LEAD =
  /^\s*(?:urgent[:!\s-]*|asap[:!\s-]*)?(?:need(?:ed)?|looking for|seeking|hiring|help(?: needed)?(?: with)?|want(?:ed)?)\s*[:-]?\s*(?:an?\s+|some(?:one)?\s+(?:to\s+)?)?/i;

export function sentencesOf(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z0-9"“(])/)
    .map((s) =>
      s
        .replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '')
        .replace(/^#+\s*/, '')
        .trim(),
    )
    .filter((s) => s.length > 1 && !/^[A-Za-z ]{2,30}:$/.test(s));
}

function show(v: unknown): string {
  if (Array.isArray(v)) return listing(v.map(String));
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export async function improvePostDeterministic(ex: Executor, p: PostSubject): Promise<ImprovedPost> {
  const notes: string[] = [];
  const changes: Change[] = [];
  const questions: string[] = [];
  const summary: string[] = [];
  const scope: string[] = [];
  const aboutYou: string[] = [];
  const details: string[] = [];
  const criteria: string[] = [];
  const deliverables: string[] = [];

  const sentences = sentencesOf(p.description);
  for (const s of sentences) {
    if (ABOUT_YOU.test(s) && !/^we\b/i.test(s)) aboutYou.push(s);
    else if (TIMING.test(s) || (parseMoney(s).length > 0 && !SCOPE.test(s))) details.push(s);
    else if (SCOPE.test(s)) scope.push(s);
    else summary.push(s);
    if (MUST.test(s) && !aboutYou.includes(s)) criteria.push(s);
  }
  if (summary.length === 0 && scope.length > 0) summary.push(scope.shift()!);

  // Skills: the project's, or the ones its own text names.
  let skills = [...p.skills];
  if (skills.length === 0) {
    const graph = await loadSkillGraph(ex);
    skills = graph
      .normalizeText(`${p.title}. ${p.description}`)
      .filter((m) => m.confidence >= 0.9)
      .map((m) => m.skill.name);
    if (skills.length) {
      changes.push({
        what: `Listed the skills the post names: ${listing(skills)}`,
        why: 'Freelancers search and are matched by skills; they were only in the running text.',
      });
    } else questions.push('Which skills should the freelancer have?');
  } else {
    changes.push({
      what: `Added a Skills section (${listing(skills)})`,
      why: "The project's skills, up front, so the right freelancers recognise the job at a glance.",
    });
  }

  // Deliverables and acceptance criteria, restated from what the project already says.
  const r = p.requirements;
  for (const m of p.milestones) deliverables.push(`${m.title} (${money(m.amount, m.currency)})`);
  if (Array.isArray(r.deliverables)) for (const d of r.deliverables) deliverables.push(String(d));
  if (r.storeSubmission === true) deliverables.push('App store submission');
  if (typeof r.wordCount === 'number')
    deliverables.push(`About ${r.wordCount.toLocaleString('en-US')} words`);
  if (typeof r.durationSeconds === 'number') deliverables.push(`A ${r.durationSeconds}-second video`);
  const platforms = Array.isArray(r.platforms) ? r.platforms.map(String) : [];
  if (platforms.length) criteria.push(`Works on ${listing(platforms)}`);
  const integrations = Array.isArray(r.integrations) ? r.integrations.map(String) : [];
  for (const i of integrations) criteria.push(`${i} integration works end to end`);
  if (r.storeSubmission === true) criteria.push('Submitted to the app stores');
  if (typeof r.screens === 'number') criteria.push(`Covers the ${r.screens} screens`);
  if (Array.isArray(r.formats)) criteria.push(`Files delivered as ${listing(r.formats.map(String))}`);
  if (typeof r.revisions === 'number') criteria.push(`Includes ${r.revisions} rounds of revisions`);
  if (Array.isArray(r.languages)) criteria.push(`Translated into ${listing(r.languages.map(String))}`);
  if (Array.isArray(r.compliance)) criteria.push(`Meets ${listing(r.compliance.map(String))} requirements`);
  if (typeof r.wordCount === 'number')
    criteria.push(`Delivers about ${r.wordCount.toLocaleString('en-US')} words`);
  if (typeof r.durationSeconds === 'number')
    criteria.push(`Final cut runs about ${r.durationSeconds} seconds`);
  for (const m of p.milestones) criteria.push(`${m.title}: delivered and approved`);

  if (deliverables.length === 0) {
    const nouns = [
      ...new Set(
        sentences.flatMap((s) =>
          [...s.matchAll(new RegExp(DELIVERABLE_NOUN, 'gi'))].map((m) => m[0].toLowerCase()),
        ),
      ),
    ];
    if (nouns.length)
      questions.push(
        `What exactly is delivered at the end (the ${listing(nouns)}, source code, designs, documentation)?`,
      );
    else questions.push('What exactly should be delivered at the end?');
  } else {
    changes.push({
      what: 'Added a Deliverables section',
      why: p.milestones.length
        ? 'Taken from the planned milestones and requirement answers, so freelancers price the same thing.'
        : 'Taken from the requirement answers, so freelancers price the same thing.',
    });
  }
  if (criteria.length === 0) {
    questions.push('What has to be true for you to accept the work (features, devices, results)?');
  } else {
    changes.push({
      what: 'Added acceptance criteria',
      why: 'Restated from what the post already requires; clear criteria make milestone approval and disputes simpler.',
    });
  }

  // Details: budget, timeline, requirement answers.
  if (p.budget) {
    const b = p.budget;
    const range =
      b.min === b.max
        ? ''
        : `${p.pricing === 'hourly' ? rate(b.min, b.currency) : money(b.min, b.currency)}–`;
    const top = p.pricing === 'hourly' ? rate(b.max, b.currency) : money(b.max, b.currency);
    details.unshift(`Budget: ${range}${top}${p.pricing === 'hourly' ? ' (hourly)' : ' (fixed price)'}`);
  }
  if (p.timelineWeeks) details.unshift(`Timeline: ${weeksText(p.timelineWeeks)}`);
  if (p.deadline) details.unshift(`Deadline: ${p.deadline}`);
  const fields = p.category ? await categoryRequirementFields(ex, p.category) : [];
  for (const f of fields) {
    const v = r[f.field];
    if (v === undefined || v === null || v === '') {
      if (Number(f.required) === 1) questions.push(questionFor(f));
      continue;
    }
    details.push(`${f.label.replace(/\?$/, '')}: ${show(v)}`);
  }
  if (!p.timelineWeeks && !p.deadline && !details.some((d) => TIMING.test(d)))
    questions.push('When does this need to be done (a timeline in weeks or a deadline)?');
  if (p.description.trim().length < 200)
    questions.push(
      'What should the finished work do, and for whom? A few sentences help freelancers estimate.',
    );

  // Title.
  const title = await improveTitle(ex, p, skills, sentences);
  if (title !== p.title.trim()) {
    changes.unshift({
      what: `Title: "${p.title.trim()}" → "${title}"`,
      why: 'Names the main skill and what is being built, without filler, so it stands out in search.',
    });
  }

  const out = { summary, scope, deliverables, skills, acceptanceCriteria: criteria, details, aboutYou };
  const description = render(out);
  changes.push({
    what: 'Sorted the description into sections (summary, scope, deliverables, skills, acceptance criteria, details)',
    why: 'Every original sentence is kept, only regrouped; freelancers skim, and a clear scope gets comparable proposals.',
  });
  if (description.length > 20_000)
    notes.push('The structured post is longer than 20,000 characters; shorten it before saving.');
  return { title, description, sections: out, changes, questions: [...new Set(questions)], notes };
}

async function improveTitle(
  ex: Executor,
  p: PostSubject,
  skills: string[],
  sentences: string[],
): Promise<string> {
  const original = p.title.trim();
  let t = original
    .replace(SHOUT, '')
    .replace(TITLE_LEAD, '')
    .replace(/[!?.\s]+$/, '')
    .trim();
  if (/[A-Z]{4,}/.test(t) && t === t.toUpperCase()) t = t.charAt(0) + t.slice(1).toLowerCase();
  const words = t.split(/\s+/).filter(Boolean);
  const mentionsSkill = skills.some((s) => t.toLowerCase().includes(s.toLowerCase()));
  const noun =
    DELIVERABLE_NOUN.exec(t)?.[0] ?? sentences.map((s) => DELIVERABLE_NOUN.exec(s)?.[0]).find(Boolean);
  if (words.length < 4 || (!mentionsSkill && skills.length > 0)) {
    const industry = p.industry ? await industryName(ex, p.industry) : undefined;
    const base =
      noun && !t.toLowerCase().includes(noun.toLowerCase()) ? `${t} ${noun}`.trim() : t || noun || 'project';
    const withSkill = skills[0] && !mentionsSkill ? `${skills[0]} ${lowerFirst(base)}` : base;
    const withIndustry =
      industry && !withSkill.toLowerCase().includes(industry.toLowerCase())
        ? `${withSkill} for a ${industry.toLowerCase()} business`
        : withSkill;
    t = withIndustry;
  }
  t = t.replace(/\s+/g, ' ').trim();
  if (t.length < 3) return original;
  // "iOS app" stays as it is; "react app" becomes "React app".
  const firstWord = t.split(' ')[0] ?? '';
  const capital = firstWord === firstWord.toLowerCase() ? t.charAt(0).toUpperCase() + t.slice(1) : t;
  return capital.slice(0, 200);
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

export function render(s: ImprovedPost['sections']): string {
  const parts: string[] = [];
  const list = (heading: string, items: string[]) => {
    if (items.length) parts.push(`## ${heading}\n${items.map((i) => `- ${i}`).join('\n')}`);
  };
  if (s.summary.length) parts.push(`## Summary\n${s.summary.join(' ')}`);
  list('Scope', s.scope);
  list('Deliverables', s.deliverables);
  if (s.skills.length) parts.push(`## Skills\n${s.skills.join(', ')}`);
  list('Acceptance criteria', s.acceptanceCriteria);
  list('Details', s.details);
  list('About you', s.aboutYou);
  return parts.join('\n\n');
}
