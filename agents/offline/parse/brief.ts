/**
 * Free text out of a request: the brief without its command ("Post a project: …" → the brief), a short
 * title from it, values given with a label ("title: …", 'cover letter: "…"') and a search query.
 */
import { capitalize, isStopWord, plain } from './text';

const COMMAND =
  /^\s*(?:(?:hi|hello|hey)[,!.\s]+)?(?:(?:please|pls|can you|could you|would you|i'd like (?:you )?to|i want (?:you )?to|let's|help me)\s+)*(?:post|create|put up|set up|start|add|open|list|publish|write up|write|draft|make|spec out|scope out|prepare)\s+(?:(?:a|an|new|my|this|our|me|another|the following|following|up)\s+)*(?:[\w-]+\s+){0,3}?(?:project|job post|job|gig|posting|listing|spec|brief|position|role)\b(?:\s+for\s+me)?\s*(?:[:\-,.]\s*|\s+(?=(?:for|to|about|where|that|with)\b))?/i;

/** The brief itself: the request minus a leading command ("Post a project: …") and greeting. */
export function stripCommand(text: string): string {
  const t = plain(text).trim();
  const m = COMMAND.exec(t);
  if (m && m[0].length < t.length) {
    const rest = t.slice(m[0].length).trim();
    if (rest.length > 0)
      return rest.replace(/^(?:for|about)\s+/i, (s) => (/^for\s+(?:a|an|the|my|our)\b/i.test(rest) ? '' : s));
  }
  const colon = t.indexOf(':');
  if (colon > 0 && colon < 60 && t.length - colon > 20 && !/\d:\d/.test(t.slice(colon - 1, colon + 2))) {
    return t.slice(colon + 1).trim();
  }
  return t.replace(/^\s*(?:hi|hello|hey)[,!.\s]+/i, '').trim();
}

const WANT_LEAD =
  /^(?:so\s+)?(?:(?:i|we)(?:'d| would)?\s+(?:really\s+)?(?:need|want|like|are looking for|'re looking for|am looking for|'m looking for|have)|looking for|need|seeking|hire|find|get)\s+(?:(?:a|an|some|someone|somebody|one|two|three|experienced|skilled|senior|junior|good|great|freelance|talented)\s+)*(?:[\w.#+/-]+\s+){0,4}?(?:developers?|designers?|freelancers?|engineers?|writers?|experts?|devs?|agency|someone|somebody|person|people|team|consultants?|specialists?|editors?|marketers?|animators?|illustrators?|translators?|programmers?|help)?\s*(?:who can\s+|that can\s+|to\s+(?:help\s+(?:us\s+|me\s+)?)?)/i;
const TITLE_CUT =
  /\s*(?:[,;(]|\s-\s|\.\s|\.$|!|\?|\bwith (?:a|an|our|my) budget\b|\bbudget\b|\bfor (?:about|around|under|up to|roughly)?\s*[$€£¥₹]|\b(?:within|in|over|by)\s+(?:\d|a |an |one |two |three |four |five |six |next |the next |end of|march|april|may|june|july|august|september|october|november|december|january|february)|\bfixed[- ]price\b|\bhourly\b|\bpaying\b|\bASAP\b)/i;

/** A short title from a brief: its first clause, without "we need a … developer to", money or dates. */
export function deriveTitle(brief: string, max = 80): string | undefined {
  let s = plain(brief)
    .trim()
    .replace(/^\s*(?:hi|hello|hey)[,!.\s]+/i, '')
    .replace(/^["'`]+/, '');
  const firstSentence = /^(.+?)(?:[.!?](?:\s|$)|\n|$)/s.exec(s)?.[1] ?? s;
  s = firstSentence.replace(WANT_LEAD, '');
  const cut = TITLE_CUT.exec(s);
  if (cut && cut.index >= 3) s = s.slice(0, cut.index);
  s = s
    .replace(/\s+/g, ' ')
    .replace(/[\s:;,.-]+$/, '')
    .trim();
  s = s.replace(/^(?:a|an|the|some)\s+/i, '');
  if (s.length < 3) return undefined;
  if (s.length > max) {
    const slice = s.slice(0, max);
    const space = slice.lastIndexOf(' ');
    s = (space > 20 ? slice.slice(0, space) : slice).replace(/[\s,;:.-]+$/, '');
    s = s.replace(/\s+(?:and|or|for|with|of|to|the|a|an|in|on)$/i, '');
  }
  return capitalize(s);
}

/** The longest text in quotes, when it is at least `min` characters. */
export function quoted(text: string, min = 3): string | undefined {
  let best: string | undefined;
  for (const m of plain(text).matchAll(/"([^"]+)"|'([^']{3,})'(?!\w)/g)) {
    const v = (m[1] ?? m[2] ?? '').trim();
    if (v.length >= min && (!best || v.length > best.length)) best = v;
  }
  return best;
}

/**
 * A value given with a label: "title: Landing page", 'call it "Landing page"', "cover letter: I have…",
 * "rename it to X". `labels` are lower-case phrases; the value runs to the end of the line.
 */
export function labelled(text: string, labels: readonly string[]): string | undefined {
  const t = plain(text);
  for (const label of labels) {
    const l = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    const re = new RegExp(
      `\\b${l}\\s*(?:(?::|=|\\bis\\b|\\bshould be\\b|\\bto\\b|\\bsaying\\b|\\bthat says\\b|\\bas\\b)\\s*(?:"([^"]+)"|'([^']+)'|([^\\n]+))|"([^"]+)")`,
      'i',
    );
    const m = re.exec(t);
    if (m) {
      const v = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim().replace(/^["']|["']$/g, '');
      if (v.length > 0) return v;
    }
  }
  return undefined;
}

/** Words that say what kind of thing is searched for, not what it is about. */
const SEARCH_NOISE = new Set(
  (
    'find search show browse look looking list get see give fetch pull display recommend suggest match shortlist ' +
    'jobs job projects project gigs gig work opportunities opportunity openings opening listings listing postings ' +
    'posting freelancers freelancer developers developer devs dev designers designer writers writer engineers ' +
    'engineer experts expert candidates candidate talent people someone somebody contractors contractor ' +
    'consultants consultant specialists specialist programmers programmer coders coder options results ' +
    'available new latest recent open remote good great best top right some few couple please thanks ' +
    'paying pays budget budgets under over around about between within least most max min per hour hourly ' +
    'fixed price priced rate rates week weeks month months day days year years anything something stuff ' +
    'interested whats what which who with can could would should'
  ).split(' '),
);

/** The topic of a search: the request minus command words, amounts, durations and filler. */
export function searchQuery(text: string, remove: ReadonlyArray<[number, number]> = []): string | undefined {
  let t = plain(text);
  // Blank out spans already read as amounts, dates or references.
  for (const [s, e] of [...remove].sort((a, b) => b[0] - a[0])) t = `${t.slice(0, s)} ${t.slice(e)}`;
  t = t.replace(/\b[a-z]{2,5}_[0-9a-z]{5,}\b/gi, ' ');
  const kept = (t.match(/[A-Za-z0-9][A-Za-z0-9+#./-]*[A-Za-z0-9+#]|[A-Za-z0-9][+#]*/g) ?? []).filter((w) => {
    const lw = w.toLowerCase();
    return !isStopWord(lw) && !SEARCH_NOISE.has(lw) && !/^\d[\d,.]*(?:k|m|%|\/\w+)?$/.test(lw);
  });
  const q = kept.join(' ').trim();
  return q.length >= 2 ? q.slice(0, 200) : undefined;
}
