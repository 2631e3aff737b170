import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderToolReference } from '../tools/docs/render';
import { catalog } from '../tools/index';

const DOC = fileURLToPath(new URL('../docs/tools.md', import.meta.url));
const STALE = 'docs/tools.md is stale: run npm run docs';

describe('generated tool reference', () => {
  const rendered = renderToolReference(catalog);

  it('docs/tools.md matches the current catalog', () => {
    const onDisk = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
    expect(onDisk, STALE).toBe(rendered);
  });

  it('documents every catalog tool, in the contents and with its own section and curl example', () => {
    for (const tool of catalog) {
      expect(rendered, tool.name).toContain(`- [\`${tool.name}\`](#${tool.name}): ${tool.title}`);
      expect(rendered, tool.name).toContain(`\n### \`${tool.name}\`\n`);
      expect(rendered, tool.name).toContain(`/api/tools/${tool.name}"`);
    }
    const sections = rendered.match(/^### `/gm) ?? [];
    expect(sections).toHaveLength(catalog.length);
  });

  it('is deterministic and independent of catalog order', () => {
    expect(renderToolReference([...catalog].reverse())).toBe(rendered);
    expect(renderToolReference(catalog)).toBe(rendered);
  });

  it('lists nested input fields with their requiredness', () => {
    expect(rendered).toMatch(/\| `budget\.min` \| integer \| yes \|/);
    expect(rendered).toMatch(/\| `hourlyRate\.currency` \| string \| if `hourlyRate` is given \|/);
    expect(rendered).toMatch(/\| `skills\[\]\.name` \| string \| if `skills` is given \|/);
  });
});
