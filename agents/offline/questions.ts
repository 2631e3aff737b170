/** One clear question for a required field the request did not give. */
import { actionPhrase } from './answer';
import type { Named } from './parse/skills';
import { humanize } from './parse/text';
import { entityOfField, enumOf, type Property, type SlotKind } from './schema';
import type { BoundTool } from './tools';
import { CATEGORY_VOCAB } from './vocab';

const ENTITY_WORD: Readonly<Record<string, string>> = {
  project: 'project',
  user: 'freelancer',
  proposal: 'proposal',
  milestone: 'milestone',
  contract: 'contract',
  scope_change: 'scope change request',
  alert: 'alert',
  flag: 'flag',
  dispute: 'dispute',
  invoice: 'invoice',
};

function orList(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

function example(description: string): string | undefined {
  return /e\.g\.?,?\s*([^;)]+)/i.exec(description)?.[1]?.trim();
}

export function questionFor(
  tool: BoundTool,
  p: Property,
  kind: SlotKind,
  categories?: readonly Named[],
): string {
  const lead = `To ${actionPhrase(tool.name)}, `;
  return lead + ask(p, kind, categories);
}

function ask(p: Property, kind: SlotKind, categories?: readonly Named[]): string {
  const label = humanize(p.name);
  switch (kind) {
    case 'id': {
      const entity = entityOfField(p.name);
      const word = ENTITY_WORD[entity] ?? humanize(entity);
      return `which ${word}? Give me its id, or pick one from a list (for example "the first one").`;
    }
    case 'moneyRange':
      return 'what budget do you have in mind? For example "$5,000", "between €2k and €3k" or "up to $10k".';
    case 'money':
      return /rate|hourly/i.test(p.name)
        ? 'what hourly rate? For example "$60/hour".'
        : `what ${/amount|price/i.test(p.name) ? 'price' : label}? For example "$4,500" (or "$50/hour" for hourly work).`;
    case 'minor':
      return `how much (${label})? For example "$500".`;
    case 'weeks':
      return 'how many weeks should it take? For example "6 weeks" or "3 months".';
    case 'date':
      return `which date (${label})? For example "March 1" or "2026-03-01".`;
    case 'skills':
    case 'skillYears':
      return 'which skills are needed? For example "React, Node.js".';
    case 'category': {
      const slugs = (categories ?? CATEGORY_VOCAB).slice(0, 6).map((c) => c.slug);
      return `which category fits best? For example ${orList(slugs)}.`;
    }
    case 'enum':
      return `which ${label}: ${orList(enumOf(p.schema) ?? [])}?`;
    case 'title':
      return `what should the ${label} be?`;
    case 'longText':
      if (p.name === 'description') return 'can you describe the work in a sentence or two?';
      if (p.name === 'coverLetter')
        return "what should the cover letter say? A few sentences on why you and how you'd do the work.";
      return `what should the ${label} say?`;
    case 'key': {
      const eg = example(p.description);
      return `which flag? Give me its key${eg ? `, for example ${eg}` : ''}.`;
    }
    case 'percent':
      return 'what percentage? For example "50%".';
    case 'minutes':
    case 'hours':
      return 'how long did you work? For example "2.5 hours".';
    case 'rating':
      return `what score from 1 to 5 for ${label}?`;
    default: {
      const eg = example(p.description);
      return `what ${label} should I use?${eg ? ` For example ${eg}.` : p.description ? ` (${p.description})` : ''}`;
    }
  }
}
