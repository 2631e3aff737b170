import type { Executor } from '../db/client';
import { one } from '../db/sql';
import {
  configuredProviderName,
  createEmbeddingProvider,
  type EmbeddingConfig,
  type EmbeddingProviderName,
} from './embeddings/index';
import type { EmbeddingProvider } from './embeddings/provider';
import { loadSkillLexicon } from './embeddings/skills';

/**
 * The embedding provider matching uses, per process. Chosen by EMBEDDING_MODEL (unset: the offline default,
 * picked by `npm run eval:matching`, see evals/matching/baseline.json). The domain embedder reads the skills
 * graph: a provider is cached per graph fingerprint, so a changed graph gets a new provider id (and the
 * start-up sync re-embeds).
 */
let override: EmbeddingProviderName | EmbeddingProvider | undefined;
const cache = new Map<string, Promise<EmbeddingProvider>>();

/** Pins the provider (evals, benchmarks, tests); undefined goes back to the configuration. */
export function setMatchingProvider(p: EmbeddingProviderName | EmbeddingProvider | undefined): void {
  override = p;
  cache.clear();
}

function envConfig(): EmbeddingConfig {
  const pick = (k: string) => {
    const v = process.env[k];
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    EMBEDDING_MODEL: pick('EMBEDDING_MODEL'),
    OPENAI_BASE_URL: pick('OPENAI_BASE_URL'),
    OPENAI_API_KEY: pick('OPENAI_API_KEY'),
  };
}

/** Which provider matching would use now (a name; see matching/embeddings/index.ts). */
export function matchingProviderName(): EmbeddingProviderName {
  if (override && typeof override !== 'string') return 'openai';
  return override ?? configuredProviderName(envConfig());
}

async function skillsFingerprint(ex: Executor): Promise<string> {
  const r = await one<{ s: number; a: number; e: number; l: number }>(
    ex,
    `SELECT (SELECT count(*) FROM skills) AS s, (SELECT count(*) FROM skill_aliases) AS a,
            (SELECT count(*) FROM skill_edges) AS e, (SELECT total(length(name)) FROM skills) AS l`,
  );
  return `${r?.s}/${r?.a}/${r?.e}/${r?.l}`;
}

/** The provider for this database's skills graph (cached; one small query per call). */
export async function matchingProvider(ex: Executor): Promise<EmbeddingProvider> {
  if (override && typeof override !== 'string') return override;
  const name = matchingProviderName();
  const usesLexicon = name === 'domain' || name === 'combined';
  const key = usesLexicon ? `${name}:${await skillsFingerprint(ex)}` : name;
  let p = cache.get(key);
  if (!p) {
    p = (async () =>
      createEmbeddingProvider(
        envConfig(),
        name,
        usesLexicon ? { lexicon: await loadSkillLexicon(ex) } : {},
      ))().catch((err) => {
      cache.delete(key);
      throw err;
    });
    if (cache.size > 8) cache.clear();
    cache.set(key, p);
  }
  return p;
}
