import { Rng } from '../../db/seed/random';
import { INDUSTRY_WORDS, SPECIALITIES, type Speciality } from './specialities';

/**
 * The labelled set, generated from a fixed seed: freelancers with known specialities and client briefs
 * written for one speciality each. Everything here is plain data; evals/matching/eval.ts writes it into a
 * database and judge.ts grades results from the labels.
 */
export const EVAL_SEED = 20261123;
export const PER_SPECIALITY = 24;

export interface EvalFreelancer {
  id: string;
  name: string;
  country: string;
  primary: string;
  secondary: string | null;
  headline: string;
  bio: string;
  category: string;
  skills: string[];
  rate: number;
  currency: string;
  availability: 'full_time' | 'part_time' | 'limited' | 'unavailable';
  rating: number | null;
  reviews: number;
  jobs: number;
  verified: boolean;
  caseStudies: { title: string; summary: string; outcome: string }[];
}

export interface EvalBrief {
  id: string;
  speciality: string;
  text: string;
  budget?: { currency: string; min: number; max: number; per: 'hour' };
}

const byKey = new Map(SPECIALITIES.map((s) => [s.key, s]));
export const specialityOf = (key: string): Speciality => {
  const s = byKey.get(key);
  if (!s) throw new Error(`unknown speciality ${key}`);
  return s;
};

const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'PL', 'IN', 'BR', 'NG', 'PH', 'CA', 'NL'];
const FIRST = [
  'Ana',
  'Ben',
  'Chen',
  'Dara',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivo',
  'Jo',
  'Kai',
  'Lea',
  'Mo',
  'Nia',
];
const LAST = [
  'Ortiz',
  'Park',
  'Quinn',
  'Rossi',
  'Silva',
  'Tan',
  'Udo',
  'Vega',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zhou',
];

export function generatePopulation(seed = EVAL_SEED): EvalFreelancer[] {
  const out: EvalFreelancer[] = [];
  SPECIALITIES.forEach((s, si) => {
    for (let i = 0; i < PER_SPECIALITY; i++) {
      const r = Rng.for(seed, 1, si * 1000 + i);
      const other = r.chance(0.35) ? r.pick(SPECIALITIES.filter((x) => x.family !== s.family)) : undefined;
      const skills = new Set<string>(r.sample(s.core, r.int(2, s.core.length)));
      for (const x of r.sample(s.extra, r.int(0, 2))) skills.add(x);
      if (other) for (const x of r.sample(other.core, r.int(1, 2))) skills.add(x);
      const headline =
        other && r.chance(0.4) ? `${r.pick(s.headlines)} & ${other.core[0]}` : r.pick(s.headlines);
      const bio = [r.pick(s.bios), other ? r.pick(other.bios) : ''].filter(Boolean).join(' ');
      const cases = r.sample(s.work, r.int(0, 2)).map((title) => ({
        title,
        summary: `${title} for a ${r.pick(INDUSTRY_WORDS)} client.`,
        outcome: 'Delivered on time; the client came back for more.',
      }));
      if (other && r.chance(0.5))
        cases.push({ title: r.pick(other.work), summary: 'A side project.', outcome: 'Shipped.' });
      const reviews = r.chance(0.2) ? 0 : r.int(1, 80);
      const a = r.next();
      out.push({
        id: `usr_ev${String(si).padStart(2, '0')}${String(i).padStart(3, '0')}`,
        name: `${r.pick(FIRST)} ${r.pick(LAST)}`,
        country: r.pick(COUNTRIES),
        primary: s.key,
        secondary: other?.key ?? null,
        headline,
        bio,
        category: s.category,
        skills: [...skills],
        rate: r.int(20, 150) * 100,
        currency: r.chance(0.1) ? 'EUR' : 'USD',
        availability: a < 0.6 ? 'full_time' : a < 0.85 ? 'part_time' : a < 0.95 ? 'limited' : 'unavailable',
        rating: reviews ? Math.round((3.4 + r.next() * 1.6) * 10) / 10 : null,
        reviews,
        jobs: reviews + r.int(0, 20),
        verified: r.chance(0.5),
        caseStudies: cases,
      });
    }
  });
  return out;
}

/** Per speciality: every brief template (industries filled in) plus one brief naming two core skills. */
export function generateBriefs(seed = EVAL_SEED): EvalBrief[] {
  const out: EvalBrief[] = [];
  SPECIALITIES.forEach((s, si) => {
    const texts = [
      ...s.briefs.map((t, ti) => t.replace('{industry}', INDUSTRY_WORDS[(si + ti) % INDUSTRY_WORDS.length]!)),
      `Need help with ${s.core[0]} and ${s.core[1]} for a short project.`,
    ];
    texts.forEach((text, ti) => {
      const r = Rng.for(seed, 2, si * 100 + ti);
      out.push({
        id: `${s.key}#${ti}`,
        speciality: s.key,
        text,
        ...(ti % 3 === 1
          ? { budget: { currency: 'USD', min: 0, max: r.int(40, 90) * 100, per: 'hour' as const } }
          : {}),
      });
    });
  });
  return out;
}
