import type { Rng } from './random';

/**
 * Fills a template: {name} from `vars`, {n:min-max} with a random integer, {pick:a|b|c} with one option.
 * Randomness is drawn left to right, so the same Rng state always gives the same text.
 * An unknown {name} is a bug in the templates and throws.
 */
export function fill(template: string, rng: Rng, vars: Record<string, string | number> = {}): string {
  return template.replace(
    /\{([a-z_0-9]+)(?::([^}]*))?\}/gi,
    (whole, name: string, arg: string | undefined) => {
      if (name === 'n' && arg) {
        const [lo, hi] = arg.split('-').map(Number);
        if (lo === undefined || hi === undefined || Number.isNaN(lo) || Number.isNaN(hi))
          throw new Error(`Bad range in template placeholder ${whole}`);
        return String(rng.int(lo, hi));
      }
      if (name === 'pick' && arg) return rng.pick(arg.split('|'));
      const value = vars[name];
      if (value === undefined) throw new Error(`Template placeholder ${whole} has no value`);
      return String(value);
    },
  );
}

const PROPER_NOUNS = new Set([
  'React',
  'JavaScript',
  'Python',
  'Kubernetes',
  'Flutter',
  'Android',
  'Solidity',
]);

/** A word stays as is when it is an acronym or brand ("SaaS", "UI/UX", "iOS", "3D", "React"). */
const keepCase = (word: string) =>
  (word.match(/[A-Z]/g) ?? []).length >= 2 || /\d/.test(word) || PROPER_NOUNS.has(word);

/** A role inside a sentence: "Full-stack developer" -> "full-stack developer", "React developer" stays. */
export function lowerFirst(s: string): string {
  const first = s.split(' ')[0] ?? '';
  return keepCase(first) ? s : s.charAt(0).toLowerCase() + s.slice(1);
}

/** A name inside a sentence: "Travel & Hospitality" -> "travel & hospitality"; "SaaS", "QA" and "AI" stay. */
export function inSentence(name: string): string {
  return name
    .split(' ')
    .map((w) => (keepCase(w) ? w : w.toLowerCase()))
    .join(' ');
}

/** Trims text to a column limit at a word boundary. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:—-]+$/, '')}…`;
}
