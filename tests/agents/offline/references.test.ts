import { describe, expect, it } from 'vitest';
import { parseReferences } from '../../../agents/offline/parse/references';
import { findCategory, findSkills } from '../../../agents/offline/parse/skills';
import { CATEGORY_VOCAB, INDUSTRY_VOCAB } from '../../../agents/offline/vocab';
import { CATEGORIES, INDUSTRIES } from '../../../db/seed/data/taxonomy';

describe('references', () => {
  it.each([
    ['the second one', 1, undefined],
    ['the first freelancer', 0, 'user'],
    ['bid on the 2nd project', 1, 'project'],
    ['#3', 2, undefined],
    ['number 2 please', 1, undefined],
    ['option 3', 2, undefined],
    ['the last one', -1, undefined],
    ['fund the first milestone', 0, 'milestone'],
    ['go with the second', 1, undefined],
    ['the cheapest one', -2, undefined],
  ])('%s', (text, index, entity) => {
    const [first] = parseReferences(text).ordinals;
    expect(first).toMatchObject({ index });
    expect(first?.entity).toBe(entity);
  });

  it.each(['at first I thought', 'best regards', 'first time here', 'the second half of March'])(
    '"%s" is not a reference',
    (text) => {
      expect(parseReferences(text).ordinals).toEqual([]);
    },
  );

  it('reads ids and what they name, and leaves snake_case flag keys alone', () => {
    expect(parseReferences('show prj_7k2m9qabcdefghjk and usr_f000123').ids).toMatchObject([
      { id: 'prj_7k2m9qabcdefghjk', entity: 'project' },
      { id: 'usr_f000123', entity: 'user' },
    ]);
    expect(parseReferences('roll out ai_matching_v2 to 50%').ids).toEqual([]);
  });

  it('reads demonstratives', () => {
    const refs = parseReferences('invite her to that project');
    expect(refs.demonstratives.map((d) => d.entity)).toEqual(['user', 'project']);
    expect(parseReferences('tell me more about it').demonstratives).toHaveLength(1);
  });
});

describe('built-in vocabulary', () => {
  it('uses the same category and industry slugs as the seeded taxonomy', () => {
    const seeded = new Set(CATEGORIES.map((c) => c.slug));
    for (const c of CATEGORY_VOCAB) expect(seeded.has(c.slug), c.slug).toBe(true);
    const industries = new Set(INDUSTRIES.map((i) => i.slug));
    for (const i of INDUSTRY_VOCAB) expect(industries.has(i.slug), i.slug).toBe(true);
  });

  it('finds skills (longest name first, variants, and "Go" only as the language)', () => {
    expect(findSkills('a react native app with expo and Firebase')).toEqual(['React Native', 'Firebase']);
    expect(findSkills('We need ReactJS, node and postgres')).toEqual(['React', 'Node.js', 'PostgreSQL']);
    expect(findSkills('Go ahead and post it')).toEqual([]);
    expect(findSkills('a Go developer for our API')).toEqual(['Go']);
    expect(findSkills('CI/CD with GitHub Actions and k8s')).toEqual([
      'CI/CD',
      'GitHub Actions',
      'Kubernetes',
    ]);
  });

  it('infers a category from a slug, a name, the skills or cue words', () => {
    expect(findCategory('category: mobile-development', [], undefined)).toBe('mobile-development');
    expect(findCategory('a Web Development job', [], undefined)).toBe('web-development');
    expect(findCategory('build it', ['React', 'Node.js'], undefined)).toBe('web-development');
    expect(findCategory('a logo for my bakery', [], undefined)).toBe('graphic-design');
    expect(findCategory('a logo', [], [{ slug: 'design', name: 'Design' }])).toBeUndefined();
  });
});
