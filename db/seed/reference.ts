import type { Db } from '../client';
import { run } from '../sql';
import { CATEGORIES, INDUSTRIES } from './data/taxonomy';

export const skillSlug = (name: string) =>
  name
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/#/g, 'sharp')
    .replace(/^\./, 'dot')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Categories, industries, skills and requirement fields. Idempotent: safe on every start. */
export async function seedReference(db: Db): Promise<void> {
  await db.write(async (tx) => {
    for (const i of INDUSTRIES) {
      await run(tx, 'INSERT OR IGNORE INTO industries (slug, name) VALUES (?, ?)', [i.slug, i.name]);
    }
    for (const c of CATEGORIES) {
      await run(tx, 'INSERT OR IGNORE INTO categories (slug, name) VALUES (?, ?)', [c.slug, c.name]);
      for (const s of c.skills) {
        const slug = skillSlug(s);
        await run(tx, 'INSERT OR IGNORE INTO skills (id, slug, name, category) VALUES (?, ?, ?, ?)', [
          `skl_${slug}`,
          slug,
          s,
          c.slug,
        ]);
      }
      for (const r of c.requirements) {
        await run(
          tx,
          'INSERT OR IGNORE INTO category_requirement_fields (category, field, label, kind, required) VALUES (?, ?, ?, ?, ?)',
          [c.slug, r.field, r.label, r.kind, r.required ? 1 : 0],
        );
      }
    }
  });
}
