import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, type Role } from '../tools/define';

export const PROMPTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'prompts');

/** The system prompt of each role and the shared templates, read from prompts/ once at start. */
export interface Prompts {
  system: Record<Role, string>;
  /** prompts/templates/*.md by file name without the extension ("rules", "action-outcome"). */
  templates: Record<string, string>;
}

/**
 * Reads prompts/<role>.md for every role and prompts/templates/*.md. `{{> name}}` in a role prompt is
 * replaced by templates/name.md at load; `{{var}}` placeholders stay for `render` at each turn.
 */
export function loadPrompts(dir = PROMPTS_DIR): Prompts {
  const templates: Record<string, string> = {};
  const tdir = join(dir, 'templates');
  if (existsSync(tdir)) {
    for (const f of readdirSync(tdir).filter((f) => f.endsWith('.md'))) {
      templates[f.slice(0, -3)] = readFileSync(join(tdir, f), 'utf8').trim();
    }
  }
  const system = {} as Record<Role, string>;
  for (const role of ROLES) {
    const file = join(dir, `${role}.md`);
    if (!existsSync(file)) throw new Error(`Missing system prompt ${file}`);
    system[role] = includePartials(readFileSync(file, 'utf8'), templates, file).trim();
  }
  return { system, templates };
}

function includePartials(text: string, templates: Record<string, string>, file: string): string {
  return text.replace(/\{\{>\s*([a-z0-9_-]+)\s*\}\}/gi, (_m, name: string) => {
    const t = templates[name];
    if (t === undefined) throw new Error(`${file} includes templates/${name}.md, which does not exist`);
    return t;
  });
}

/** Fills `{{var}}` placeholders; an unknown placeholder is an error, so a typo cannot reach a model. */
export function render(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_m, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`No value for {{${key}}} in a prompt template`);
    return v;
  });
}
