import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

// Random bytes are drawn 4 KiB at a time: one randomBytes(16) call per id was a measurable part of a money
// call (several ids each). Every byte is used once.
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

/** A random, URL-safe id with a readable prefix: "prj_7k2m9q…". 80 bits of entropy. */
export function newId(prefix: string): string {
  if (offset + 16 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[(POOL[offset + i] ?? 0) & 31];
  offset += 16;
  return `${prefix}_${out}`;
}
