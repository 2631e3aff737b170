/**
 * Answers to a category's requirement fields (category_requirement_fields) found in free text. Each field
 * has a reader by name (platforms, integrations, wordCount…); a "label: value" line answers any field. A
 * reader says whether the text stated the answer or it was inferred ("React Native" → iOS and Android), so
 * inferred answers can be confirmed with the client.
 */
import { parseMoney } from '../../agents/offline/parse/money';
import { toNumber } from '../../agents/offline/parse/text';

export type FieldKind = 'text' | 'list' | 'number' | 'boolean';

export interface RequirementField {
  field: string;
  label: string;
  kind: FieldKind;
  required: boolean;
}

export interface Answer {
  value: string | number | boolean | string[];
  source: 'brief' | 'inferred';
  /** Why: the words that gave it away. */
  evidence: string;
}

export interface ReadContext {
  category: string;
  /** Canonical skill names found in the text. */
  skills: readonly string[];
}

type Reader = (text: string, ctx: ReadContext) => Answer | undefined;

/** Names found in the text, each once, in the order of the list; `patterns` map a regex source to a name. */
function findNames(
  text: string,
  patterns: ReadonlyArray<[string, string]>,
): { names: string[]; hits: string[] } {
  const names: string[] = [];
  const hits: string[] = [];
  for (const [re, name] of patterns) {
    const m = new RegExp(`(?<![\\w-])(?:${re})(?![\\w-])`, 'i').exec(text);
    const value = name === '$&' && m ? m[0] : name;
    if (m && !names.includes(value)) {
      names.push(value);
      hits.push(m[0]);
    }
  }
  return { names, hits };
}

const listReader =
  (patterns: ReadonlyArray<[string, string]>): Reader =>
  (text) => {
    const { names, hits } = findNames(text, patterns);
    return names.length ? { value: names, source: 'brief', evidence: hits.join(', ') } : undefined;
  };

const textReader =
  (patterns: ReadonlyArray<[string, string]>): Reader =>
  (text) => {
    const { names, hits } = findNames(text, patterns);
    return names.length ? { value: names.join(', '), source: 'brief', evidence: hits.join(', ') } : undefined;
  };

const boolReader =
  (yes: RegExp, no?: RegExp): Reader =>
  (text) => {
    const n = no?.exec(text);
    if (n) return { value: false, source: 'brief', evidence: n[0] };
    const y = yes.exec(text);
    return y ? { value: true, source: 'brief', evidence: y[0] } : undefined;
  };

const NUM = '(\\d[\\d,]*(?:\\.\\d+)?)\\s*(k)?';
function num(raw: string | undefined, k?: string): number | undefined {
  if (!raw) return undefined;
  const n = Number(raw.replace(/,/g, ''));
  if (!Number.isFinite(n)) return toNumber(raw.toLowerCase());
  return Math.round(k ? n * 1000 : n);
}

const numberReader =
  (re: RegExp, scale = 1): Reader =>
  (text) => {
    const m = re.exec(text);
    const n = num(m?.[1], m?.[2]);
    return m && n !== undefined
      ? { value: Math.round(n * scale), source: 'brief', evidence: m[0] }
      : undefined;
  };

// ------------------------------------------------------------------------------------------ vocabularies

const MOBILE_PLATFORMS: ReadonlyArray<[string, string]> = [
  ['ios|iphone|ipad|apple', 'iOS'],
  ['android|google play|play store', 'Android'],
  ['web app|web version|website|browser|pwa', 'Web'],
];
const CROSS_PLATFORM =
  /\b(?:react native|flutter|expo|ionic|xamarin|\.net maui|kotlin multiplatform|cross[- ]platform|both (?:app )?stores|both platforms)\b/i;
const WEB_PLATFORMS: ReadonlyArray<[string, string]> = [
  ['chrome', 'Chrome'],
  ['safari', 'Safari'],
  ['firefox', 'Firefox'],
  ['microsoft edge|edge browser', 'Edge'],
  ['mobile(?: web| browsers?)?|responsive', 'Mobile'],
  ['desktop', 'Desktop'],
  ['tablets?', 'Tablet'],
];
const TEST_PLATFORMS: ReadonlyArray<[string, string]> = [
  ['ios|iphone', 'iOS'],
  ['android', 'Android'],
  ['web(?: app)?|browsers?', 'Web'],
  ['windows', 'Windows'],
  ['macos|mac', 'macOS'],
  ['linux', 'Linux'],
  ['api', 'API'],
];
export const INTEGRATIONS: ReadonlyArray<[string, string]> = [
  ['stripe', 'Stripe'],
  ['paypal', 'PayPal'],
  ['square', 'Square'],
  ['apple pay', 'Apple Pay'],
  ['google pay', 'Google Pay'],
  ['plaid', 'Plaid'],
  ['shopify', 'Shopify'],
  ['woocommerce', 'WooCommerce'],
  ['twilio', 'Twilio'],
  ['sendgrid', 'SendGrid'],
  ['mailchimp', 'Mailchimp'],
  ['klaviyo', 'Klaviyo'],
  ['hubspot', 'HubSpot'],
  ['salesforce', 'Salesforce'],
  ['zapier', 'Zapier'],
  ['slack', 'Slack'],
  ['whatsapp', 'WhatsApp'],
  ['google maps|maps api', 'Google Maps'],
  ['google analytics|ga4', 'Google Analytics'],
  ['firebase', 'Firebase'],
  ['auth0', 'Auth0'],
  ['okta', 'Okta'],
  ['quickbooks', 'QuickBooks'],
  ['xero', 'Xero'],
  ['zendesk', 'Zendesk'],
  ['intercom', 'Intercom'],
  ['calendly', 'Calendly'],
  ['openai(?: api)?|chatgpt|gpt-4', 'OpenAI API'],
  ['segment', 'Segment'],
  ['mixpanel', 'Mixpanel'],
  ['algolia', 'Algolia'],
  ['contentful', 'Contentful'],
  ['sanity', 'Sanity'],
  ['strapi', 'Strapi'],
];
const DATA_STORES: ReadonlyArray<[string, string]> = [
  ['postgres(?:ql)?', 'PostgreSQL'],
  ['mysql', 'MySQL'],
  ['mongo(?:db)?', 'MongoDB'],
  ['redis', 'Redis'],
  ['sqlite', 'SQLite'],
  ['dynamodb', 'DynamoDB'],
  ['supabase', 'Supabase'],
  ['firestore|firebase', 'Firebase'],
  ['elasticsearch', 'Elasticsearch'],
  ['mssql|sql server', 'Microsoft SQL Server'],
  ['cassandra', 'Cassandra'],
  ['snowflake', 'Snowflake'],
  ['bigquery', 'BigQuery'],
];
const CLOUDS: ReadonlyArray<[string, string]> = [
  ['aws|amazon web services', 'AWS'],
  ['gcp|google cloud', 'Google Cloud'],
  ['azure', 'Azure'],
  ['digitalocean|digital ocean', 'DigitalOcean'],
  ['hetzner', 'Hetzner'],
  ['cloudflare', 'Cloudflare'],
  ['heroku', 'Heroku'],
  ['vercel', 'Vercel'],
  ['on[- ]prem(?:ise|ises)?', 'On-premises'],
];
const COMPLIANCE: ReadonlyArray<[string, string]> = [
  ['soc ?2', 'SOC 2'],
  ['hipaa', 'HIPAA'],
  ['gdpr', 'GDPR'],
  ['pci(?:[- ]dss)?', 'PCI DSS'],
  ['iso ?27001', 'ISO 27001'],
  ['ccpa', 'CCPA'],
  ['fedramp', 'FedRAMP'],
];
const DATA_SOURCES: ReadonlyArray<[string, string]> = [
  ['csv', 'CSV files'],
  ['excel|spreadsheets?', 'Excel'],
  ['google sheets', 'Google Sheets'],
  ['salesforce', 'Salesforce'],
  ['hubspot', 'HubSpot'],
  ['stripe', 'Stripe'],
  ['shopify', 'Shopify'],
  ['google analytics|ga4', 'Google Analytics'],
  ['postgres(?:ql)?', 'PostgreSQL'],
  ['mysql', 'MySQL'],
  ['bigquery', 'BigQuery'],
  ['snowflake', 'Snowflake'],
  ['rest api|apis?', 'APIs'],
];
const HOSTING: ReadonlyArray<[string, string]> = [
  ['on[- ]prem(?:ise|ises)?|our (?:own )?servers', 'On-premises'],
  ['aws|sagemaker', 'AWS'],
  ['gcp|google cloud|vertex', 'Google Cloud'],
  ['azure', 'Azure'],
  ['on[- ]device|edge devices?', 'On device'],
  ['openai api', 'OpenAI API'],
  ['hugging ?face', 'Hugging Face'],
];
const DESIGN_DELIVERABLES: ReadonlyArray<[string, string]> = [
  ['user flows?', 'User flows'],
  ['wireframes?', 'Wireframes'],
  ['hi[- ]?fi|high[- ]fidelity|mock-?ups?', 'High-fidelity designs'],
  ['(?:clickable |interactive )?prototypes?', 'Prototype'],
  ['design system|component library', 'Design system'],
  ['style ?guide', 'Style guide'],
  ['usability test(?:ing|s)?', 'Usability testing'],
];
const FORMATS: ReadonlyArray<[string, string]> = [
  ['svg', 'SVG'],
  ['png', 'PNG'],
  ['pdf', 'PDF'],
  ['eps', 'EPS'],
  ['jpe?g', 'JPG'],
  ['psd', 'PSD'],
  ['\\.ai|illustrator files?', 'AI'],
  ['figma files?', 'Figma'],
];
const CHANNELS: ReadonlyArray<[string, string]> = [
  ['google ads|adwords|ppc|search ads', 'Google Ads'],
  ['facebook', 'Facebook'],
  ['instagram', 'Instagram'],
  ['tiktok', 'TikTok'],
  ['linkedin', 'LinkedIn'],
  ['youtube', 'YouTube'],
  ['pinterest', 'Pinterest'],
  ['twitter|x ads', 'X (Twitter)'],
  ['reddit', 'Reddit'],
  ['email(?: marketing| campaigns?| newsletters?)?|newsletters?', 'Email'],
  ['seo|organic search', 'SEO'],
];
const COVERAGE: ReadonlyArray<[string, string]> = [
  ['24/7|24x7|around the clock', '24/7'],
  ['business hours', 'Business hours'],
  ['weekends?', 'Weekends'],
  ['evenings?', 'Evenings'],
  ['\\d+\\s*hours? (?:a|per) day', '$&'],
];
const JURISDICTIONS: ReadonlyArray<[string, string]> = [
  ['delaware', 'Delaware'],
  ['california', 'California'],
  ['new york', 'New York'],
  ['texas', 'Texas'],
  ['united states|usa|u\\.s\\.a?\\.?', 'United States'],
  ['united kingdom|uk|england|britain', 'United Kingdom'],
  ['ireland', 'Ireland'],
  ['germany', 'Germany'],
  ['france', 'France'],
  ['netherlands', 'Netherlands'],
  ['spain', 'Spain'],
  ['canada', 'Canada'],
  ['australia', 'Australia'],
  ['india', 'India'],
  ['singapore', 'Singapore'],
  ['uae|dubai', 'United Arab Emirates'],
  ['european union|eu', 'European Union'],
];
const LANGUAGES = [
  'English',
  'Spanish',
  'French',
  'German',
  'Italian',
  'Portuguese',
  'Dutch',
  'Polish',
  'Swedish',
  'Norwegian',
  'Danish',
  'Finnish',
  'Russian',
  'Ukrainian',
  'Turkish',
  'Arabic',
  'Hebrew',
  'Hindi',
  'Bengali',
  'Urdu',
  'Japanese',
  'Korean',
  'Chinese',
  'Mandarin',
  'Cantonese',
  'Vietnamese',
  'Thai',
  'Indonesian',
  'Malay',
  'Greek',
  'Czech',
  'Romanian',
  'Hungarian',
];
const CHAINS: ReadonlyArray<[string, string]> = [
  ['ethereum|eth mainnet|evm', 'Ethereum'],
  ['solana', 'Solana'],
  ['polygon', 'Polygon'],
  ['arbitrum', 'Arbitrum'],
  ['optimism', 'Optimism'],
  ['base chain|base l2|on base', 'Base'],
  ['bnb chain|bsc|binance smart chain', 'BNB Chain'],
  ['avalanche', 'Avalanche'],
  ['bitcoin', 'Bitcoin'],
  ['cardano', 'Cardano'],
  ['near protocol', 'NEAR'],
  ['sui', 'Sui'],
  ['aptos', 'Aptos'],
  ['ton blockchain|the ton', 'TON'],
];
const SECURITY_SCOPE: ReadonlyArray<[string, string]> = [
  ['web app(?:lication)?s?|website', 'Web application'],
  ['apis?', 'API'],
  ['mobile apps?', 'Mobile app'],
  ['network|infrastructure', 'Network'],
  ['cloud|aws|azure|gcp', 'Cloud environment'],
  ['kubernetes|k8s', 'Kubernetes'],
  ['active directory', 'Active Directory'],
  ['wordpress', 'WordPress site'],
];
const TONES = [
  'friendly',
  'formal',
  'informal',
  'casual',
  'playful',
  'professional',
  'authoritative',
  'witty',
  'warm',
  'conversational',
  'technical',
  'serious',
  'fun',
  'bold',
  'empathetic',
];

// ------------------------------------------------------------------------------------------ readers

function platformsReader(text: string, ctx: ReadContext): Answer | undefined {
  if (ctx.category === 'mobile-development') {
    const { names, hits } = findNames(text, MOBILE_PLATFORMS);
    const cross = CROSS_PLATFORM.exec(text);
    if (cross && !(names.includes('iOS') && names.includes('Android'))) {
      const all = [...new Set(['iOS', 'Android', ...names])];
      return { value: all, source: 'inferred', evidence: `${cross[0]} builds for iOS and Android` };
    }
    return names.length ? { value: names, source: 'brief', evidence: hits.join(', ') } : undefined;
  }
  if (ctx.category === 'qa-testing') return listReader(TEST_PLATFORMS)(text, ctx);
  return listReader(WEB_PLATFORMS)(text, ctx);
}

function wordCountReader(text: string): Answer | undefined {
  // "10 blog posts of 1,500 words", "5 articles x 800 words".
  const each = new RegExp(
    `\\b(\\d+|${Object.keys(SMALL).join('|')})\\s+(?:[a-z-]+\\s+){0,2}(?:posts?|articles?|pages?|emails?|pieces?|chapters?|descriptions?)\\s*(?:of|x|×|at|with)\\s*(?:about|around|~)?\\s*${NUM}\\s*words?\\b`,
    'i',
  ).exec(text);
  if (each) {
    const count = num(each[1]) ?? SMALL[each[1]?.toLowerCase() ?? ''];
    const words = num(each[2], each[3]);
    if (count && words) return { value: count * words, source: 'brief', evidence: each[0] };
  }
  return numberReader(new RegExp(`${NUM}\\s*words?\\b`, 'i'))(text, { category: '', skills: [] });
}

const SMALL: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  twenty: 20,
};

function durationSecondsReader(text: string): Answer | undefined {
  const sec = new RegExp(`${NUM}[- ]?(?:seconds?|secs?|s)\\b`, 'i').exec(text);
  const secs = num(sec?.[1], sec?.[2]);
  if (sec && secs) return { value: secs, source: 'brief', evidence: sec[0] };
  const min = /(\d+(?:\.\d+)?)[- ]?(?:minutes?|mins?)\b/i.exec(text);
  if (min?.[1]) return { value: Math.round(Number(min[1]) * 60), source: 'brief', evidence: min[0] };
  return undefined;
}

function revisionsReader(text: string): Answer | undefined {
  const m = new RegExp(
    `\\b(\\d+|${Object.keys(SMALL).join('|')})\\s+(?:rounds? of\\s+)?revisions?\\b`,
    'i',
  ).exec(text);
  if (!m?.[1]) return undefined;
  const n = num(m[1]) ?? SMALL[m[1].toLowerCase()];
  return n ? { value: n, source: 'brief', evidence: m[0] } : undefined;
}

function toneReader(text: string): Answer | undefined {
  const re = new RegExp(
    `\\b(${TONES.join('|')})(?:\\s+(?:and|,)\\s+(${TONES.join('|')}))?\\s+(?:tone|voice)\\b`,
    'i',
  );
  const m =
    re.exec(text) ??
    new RegExp(`\\btone\\s*(?:of voice)?\\s*(?:is|should be|:)?\\s*(${TONES.join('|')})`, 'i').exec(text);
  if (!m?.[1]) return undefined;
  const value = [m[1], m[2]].filter(Boolean).join(' and ').toLowerCase();
  return { value, source: 'brief', evidence: m[0] };
}

function languagesReader(text: string): Answer | undefined {
  const from = /\bfrom\s+([A-Z][a-z]+)\b/.exec(text)?.[1];
  const found: string[] = [];
  for (const lang of LANGUAGES) {
    if (new RegExp(`\\b${lang}\\b`, 'i').test(text) && lang !== from) found.push(lang);
  }
  // "English website into Spanish": English is the source when another language is the target.
  const targets =
    found.length > 1
      ? found.filter((l) => l !== 'English' || /\binto English\b|\bto English\b/i.test(text))
      : found;
  return targets.length ? { value: targets, source: 'brief', evidence: targets.join(', ') } : undefined;
}

function adSpendReader(text: string): Answer | undefined {
  for (const m of parseMoney(text)) {
    const around = text.slice(Math.max(0, m.start - 40), m.end + 30).toLowerCase();
    if (m.per === 'month' || /ad spend|ads? budget|media budget|spend/.test(around)) {
      const amount = m.max ?? m.min;
      if (amount !== undefined && (m.per === 'month' || /spend/.test(around)))
        return { value: amount, source: 'brief', evidence: m.text };
    }
  }
  return undefined;
}

/** Readers by `category.field`, then by field. */
const READERS: Readonly<Record<string, Reader>> = {
  platforms: platformsReader,
  storeSubmission: boolReader(
    /\b(?:app store|play store|google play|store (?:submission|listing|release)|(?:publish|release|launch|submit)\w*\s+(?:\w+\s+){0,3}(?:in|on|to) (?:the |both )?(?:app )?stores?)\b/i,
    /\b(?:no|without|skip)\s+(?:app\s+)?store submission\b|\bnot (?:publish|release)\w* (?:it )?(?:in|on|to) the stores?\b/i,
  ),
  existingCodebase: boolReader(
    /\b(?:existing (?:code ?base|app|site|website|system|api|backend|platform|product)|our current (?:app|site|website|codebase|system)|legacy|migrat(?:e|ion)|refactor\w*|rewrite (?:our|the)|we (?:already )?have an? (?:app|api|codebase|website|site|rest api)|fix (?:the )?(?:crash|bug)\w*)\b/i,
    /\b(?:from scratch|greenfield|brand[- ]new (?:app|site|product|platform))\b/i,
  ),
  integrations: listReader(INTEGRATIONS),
  expectedLoad: numberReader(
    /(\d[\d,]*(?:\.\d+)?)\s*(k)?\s*(?:requests?|req|rps)\s*(?:(?:per|\/|a)\s*(?:second|sec|s)\b)?/i,
  ),
  dataStores: listReader(DATA_STORES),
  cloudProvider: textReader(CLOUDS),
  compliance: listReader(COMPLIANCE),
  dataSources: listReader(DATA_SOURCES),
  dataVolumeGb: (text) => {
    const m = /(\d[\d,]*(?:\.\d+)?)\s*(gb|gigabytes?|tb|terabytes?)\b/i.exec(text);
    if (!m?.[1] || !m[2]) return undefined;
    const n = Number(m[1].replace(/,/g, ''));
    return { value: Math.round(/^t/i.test(m[2]) ? n * 1000 : n), source: 'brief', evidence: m[0] };
  },
  modelHosting: textReader(HOSTING),
  labelledData: boolReader(
    /\b(?:labell?ed|annotated|tagged)\s+(?:data|dataset|images|examples|samples|records)\b|\bwe have (?:a )?(?:labell?ed|annotated) /i,
    /\b(?:no|without|don't have|do not have|lack)\s+(?:any\s+)?(?:labell?ed|annotated)\b|\bunlabell?ed\b/i,
  ),
  deliverables: listReader(DESIGN_DELIVERABLES),
  screens: numberReader(/\b(\d+)\s*(?:-\s*\d+\s*)?(?:screens|pages|views)\b/i),
  formats: listReader(FORMATS),
  revisions: revisionsReader,
  durationSeconds: durationSecondsReader,
  footageProvided: boolReader(
    /\b(?:we(?:'ll| will)? (?:provide|supply|send|have) (?:the |all |our )?(?:raw )?footage|footage (?:is |will be )?(?:provided|supplied)|our (?:own )?(?:raw )?footage)\b/i,
    /\b(?:no footage|without footage|need (?:you |someone )?to (?:shoot|film)|stock footage)\b/i,
  ),
  wordCount: wordCountReader,
  tone: toneReader,
  channels: listReader(CHANNELS),
  monthlyAdSpend: adSpendReader,
  hoursCoverage: textReader(COVERAGE),
  jurisdiction: textReader(JURISDICTIONS),
  languages: languagesReader,
  chain: textReader(CHAINS),
  scope: listReader(SECURITY_SCOPE),
};

/** The value of a "Label: value" (or "label = value") line, for any of the labels. */
function labelledLine(text: string, labels: readonly string[]): string | undefined {
  for (const label of labels) {
    const l = label
      .trim()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\s+/g, '\\s+');
    if (!l) continue;
    const m = new RegExp(`(?:^|[\\n.;])\\s*[-*•]?\\s*${l}\\s*[:=]\\s*([^\\n;]+)`, 'i').exec(text);
    const value = m?.[1]?.split(/\.(?:\s|$)/)[0]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Coerces a "label: value" answer to the field's kind; undefined when it does not fit. */
function coerce(raw: string, kind: FieldKind): Answer['value'] | undefined {
  const v = raw.trim().replace(/[.;]+$/, '');
  if (!v) return undefined;
  if (kind === 'text') return v;
  if (kind === 'list')
    return v
      .split(/\s*(?:,|;|\band\b|\/)\s*/i)
      .map((s) => s.trim())
      .filter(Boolean);
  if (kind === 'number') {
    const m = /(\d[\d,]*(?:\.\d+)?)\s*(k)?/i.exec(v);
    return m ? num(m[1], m[2]) : undefined;
  }
  if (/^(?:yes|y|true|yep|sure|included?)\b/i.test(v)) return true;
  if (/^(?:no|n|false|nope|none|not needed)\b/i.test(v)) return false;
  return undefined;
}

/** Whether a value has the field's kind (what create_project checks). */
export function fitsKind(value: unknown, kind: FieldKind): boolean {
  if (kind === 'text') return typeof value === 'string' && value.trim().length > 0;
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'boolean') return typeof value === 'boolean';
  return Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'string');
}

export interface RequirementsRead {
  answers: Record<string, Answer>;
  /** Required fields the text does not answer. */
  missingRequired: RequirementField[];
  /** Optional fields the text does not answer. */
  missingOptional: RequirementField[];
}

/** Answers to the category's fields found in the text. */
export function readRequirements(
  text: string,
  fields: readonly RequirementField[],
  ctx: ReadContext,
): RequirementsRead {
  const answers: Record<string, Answer> = {};
  const missingRequired: RequirementField[] = [];
  const missingOptional: RequirementField[] = [];
  for (const f of fields) {
    let a: Answer | undefined;
    const given = labelledLine(text, [f.label.replace(/\s*\(.*\)\s*|\?/g, ''), humanField(f.field), f.field]);
    if (given !== undefined) {
      const value = coerce(given, f.kind);
      if (value !== undefined) a = { value, source: 'brief', evidence: given };
    }
    a ??= READERS[`${ctx.category}.${f.field}`]?.(text, ctx) ?? READERS[f.field]?.(text, ctx);
    if (a && fitsKind(a.value, f.kind)) answers[f.field] = a;
    else if (f.required) missingRequired.push(f);
    else missingOptional.push(f);
  }
  return { answers, missingRequired, missingOptional };
}

/** "storeSubmission" → "store submission". */
export function humanField(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A question asking for a field: its label, as a question. */
export function questionFor(f: Pick<RequirementField, 'label'>): string {
  return /\?$/.test(f.label) ? f.label : `${f.label}?`;
}
