import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalog } from '../index';
import { renderToolReference } from './render';

/** `npm run docs`: writes docs/tools.md from the catalog. All the content comes from renderToolReference. */
const target = fileURLToPath(new URL('../../docs/tools.md', import.meta.url));
writeFileSync(target, renderToolReference(catalog));
console.log(`Wrote docs/tools.md (${catalog.length} tools).`);
