/**
 * Text checks behind the risk signals: near-duplicate detection (word shingles and Jaccard similarity on
 * normalised text) and contact details / off-platform payment requests, including the usual obfuscations
 * ("john dot doe at gmail dot com", "whats app", "p a y p a l", digits spelt out).
 */

/** Lower case, accents and punctuation dropped, whitespace collapsed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Word k-shingles of the normalised text (the word set when the text has fewer than k words). */
export function shingles(text: string, k = 3): Set<string> {
  const words = normalizeText(text).split(' ').filter(Boolean);
  const out = new Set<string>();
  if (words.length < k) {
    for (const w of words) out.add(w);
    return out;
  }
  for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).join(' '));
  return out;
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * A text's shingle set as sorted 32-bit hashes (FNV-1a): the same Jaccard as the string sets, up to a
 * negligible collision rate, at a fraction of the cost — a merge of two integer arrays. Signed 32-bit, so
 * every element stays a small integer for the JIT.
 */
export type Signature = Int32Array;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export function signature(text: string): Signature {
  const hashes = Int32Array.from([...shingles(text)].map(fnv1a)).sort();
  let n = 0;
  for (let i = 0; i < hashes.length; i++)
    if (i === 0 || hashes[i] !== hashes[n - 1]) hashes[n++] = hashes[i]!;
  return hashes.slice(0, n);
}

/** Jaccard similarity of two signatures. */
export function similarity(a: Signature, b: Signature): number {
  const na = a.length;
  const nb = b.length;
  if (na === 0 && nb === 0) return 0;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < na && j < nb) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (na + nb - inter);
}

export type ContactKind = 'email' | 'phone' | 'messaging_app' | 'payment_request';

export interface ContactFinding {
  kind: ContactKind;
  /** What matched, shortened, for the reason an admin reads. */
  excerpt: string;
}

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

/**
 * The text with common obfuscations undone: "[at]" / " at " between name-like words → "@", "dot" → ".",
 * spelt-out digits → digits, letters spaced out ("p a y p a l") joined.
 */
export function deobfuscate(text: string): string {
  let t = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  t = t.replace(/\s*[([{<]\s*(at|@)\s*[)\]}>]\s*/g, '@').replace(/\s*[([{<]\s*(dot|\.)\s*[)\]}>]\s*/g, '.');
  // "name at gmail dot com": an "at" followed by a domain with a spelt-out dot.
  t = t.replace(/\b([a-z0-9._-]+)\s+at\s+([a-z0-9-]+)\s+dot\s+([a-z]{2,6})\b/g, '$1@$2.$3');
  t = t.replace(/\b([a-z0-9-]+)\s+dot\s+(com|net|org|io|co|me|info|biz)\b/g, '$1.$2');
  // Digits spelt out: "nine one seven five five five…" → "917555…".
  t = t.replace(
    /\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)(?:[\s,-]+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)){6,}\b/g,
    (m) =>
      m
        .split(/[\s,-]+/)
        .map((w) => DIGIT_WORDS[w] ?? '')
        .join(''),
  );
  // Single letters spaced out: "w h a t s a p p" → "whatsapp".
  t = t.replace(/\b(?:[a-z]\s){3,}[a-z]\b/g, (m) => m.replace(/\s/g, ''));
  return t;
}

const EMAIL = /\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/;
/** A bare webmail domain is an address with the name left out ("reach me, gmail.com"). */
const WEBMAIL =
  /\b(?:gmail|googlemail|yahoo|hotmail|outlook|protonmail|proton|icloud|yandex|mail)\.(?:com|me|ru)\b/;
const PHONE_CANDIDATE = /\+?\d[\d\s().-]{7,}\d/g;
const MESSAGING =
  /\b(?:whats ?app|watsapp|wa\.me|telegram|t\.me|signal app|wechat|we chat|skype|viber|kik messenger|line app)\b/;
const PAY_METHOD =
  '(?:paypal|pay pal|payoneer|western union|moneygram|money gram|venmo|cash ?app|zelle|skrill|wise|crypto|bitcoin|btc|usdt|tether|ethereum|eth|binance|gift ?cards?|bank transfer|wire transfer|direct(?:ly)? to my (?:bank|account))';
const PAYMENT_REQUEST = [
  new RegExp(`\\b(?:pay|paid|payment|send|transfer|wire|deposit|tip)\\b[^.!?\\n]{0,50}\\b${PAY_METHOD}`),
  new RegExp(
    `\\b${PAY_METHOD}\\b[^.!?\\n]{0,40}\\b(?:pay|payment|send|transfer|instead|only|accepted|preferred)\\b`,
  ),
  /\b(?:outside|off)(?: of)? (?:the |this )?(?:platform|site|website|megilance|marketplace)\b/,
  /\b(?:avoid|skip|save|bypass|dodge) (?:the )?(?:platform |site |service |marketplace )?fees?\b/,
  /\bpay (?:me )?(?:directly|upfront|in advance)\b/,
];

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s).trim();

/** Contact details and off-platform payment requests found in one text, at most one finding per kind. */
export function findContactDetails(text: string): ContactFinding[] {
  const raw = text.toLowerCase();
  const t = deobfuscate(text);
  const found: ContactFinding[] = [];
  const email = EMAIL.exec(t) ?? WEBMAIL.exec(t);
  if (email) found.push({ kind: 'email', excerpt: clip(email[0]) });
  for (const m of `${raw}\n${t}`.matchAll(PHONE_CANDIDATE)) {
    const digits = m[0].replace(/\D/g, '');
    // 9–15 digits: a phone number; dates, amounts ("$10,000") and years stay below or break the run.
    if (digits.length >= 9 && digits.length <= 15 && !/^\d{4}[-/]\d{2}[-/]\d{2}/.test(m[0].trim())) {
      found.push({ kind: 'phone', excerpt: clip(m[0]) });
      break;
    }
  }
  const app = MESSAGING.exec(t);
  if (app) found.push({ kind: 'messaging_app', excerpt: clip(app[0]) });
  for (const re of PAYMENT_REQUEST) {
    const m = re.exec(t);
    if (m) {
      found.push({ kind: 'payment_request', excerpt: clip(m[0]) });
      break;
    }
  }
  return found;
}
