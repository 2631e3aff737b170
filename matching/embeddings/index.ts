import type { Config } from '../../config';
import { createCombinedEmbedder } from './combined';
import { createDomainEmbedder } from './domain';
import { createOpenAiEmbedder } from './openai';
import type { EmbeddingProvider } from './provider';
import type { SkillLexicon } from './skills';
import { createUseLiteEmbedder } from './use';

export { createCombinedEmbedder } from './combined';
export { createDomainEmbedder, DOMAIN_EMBEDDER_VERSION } from './domain';
export { createOpenAiEmbedder } from './openai';
export { cosine, EmbeddingError, type EmbeddingProvider, l2normalize } from './provider';
export { buildSkillLexicon, loadSkillLexicon, type SkillLexicon } from './skills';
export { createUseLiteEmbedder, USE_LITE_ID } from './use';

/**
 * - `domain`: the offline domain embedder (matching/embeddings/domain.ts), 384 dims, ~0.1 ms per text.
 * - `use-lite`: Universal Sentence Encoder lite, 512 dims, offline, ~10 ms per text.
 * - `combined`: domain + use-lite, weighted equally (896 dims).
 * - `openai`: an OpenAI-compatible server (`EMBEDDING_MODEL`, `OPENAI_BASE_URL`, `OPENAI_API_KEY`).
 */
export const EMBEDDING_PROVIDERS = ['domain', 'use-lite', 'combined', 'openai'] as const;
export type EmbeddingProviderName = (typeof EMBEDDING_PROVIDERS)[number];

export type EmbeddingConfig = Pick<Config, 'EMBEDDING_MODEL' | 'OPENAI_BASE_URL' | 'OPENAI_API_KEY'>;

export interface EmbeddingFactoryOptions {
  /** Skills for the domain embedder (see loadSkillLexicon); changes its id. */
  lexicon?: SkillLexicon;
}

/**
 * Which provider the configuration asks for: `EMBEDDING_MODEL` naming an offline provider
 * (`domain`, `use-lite`, `combined`) picks it, any other value is an OpenAI-compatible model name, and
 * unset means the offline default, `domain`.
 */
export function configuredProviderName(config: EmbeddingConfig): EmbeddingProviderName {
  const model = config.EMBEDDING_MODEL?.trim();
  if (!model) return 'domain';
  return (EMBEDDING_PROVIDERS as readonly string[]).includes(model) && model !== 'openai'
    ? (model as EmbeddingProviderName)
    : 'openai';
}

/** The embedding provider for this configuration, or the one named. */
export async function createEmbeddingProvider(
  config: EmbeddingConfig,
  name: EmbeddingProviderName = configuredProviderName(config),
  opts: EmbeddingFactoryOptions = {},
): Promise<EmbeddingProvider> {
  switch (name) {
    case 'domain':
      return createDomainEmbedder({ ...(opts.lexicon ? { lexicon: opts.lexicon } : {}) });
    case 'use-lite':
      return createUseLiteEmbedder();
    case 'combined':
      return createCombinedEmbedder([
        { provider: createDomainEmbedder({ ...(opts.lexicon ? { lexicon: opts.lexicon } : {}) }), weight: 1 },
        { provider: await createUseLiteEmbedder(), weight: 1 },
      ]);
    case 'openai': {
      const model = config.EMBEDDING_MODEL?.trim();
      if (!model || model === 'openai') {
        throw new Error(
          'EMBEDDING_MODEL must name the model (e.g. text-embedding-3-small) to use the openai provider',
        );
      }
      if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) {
        throw new Error(
          `EMBEDDING_MODEL=${model} needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)`,
        );
      }
      return createOpenAiEmbedder({ model, baseUrl: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY });
    }
    default:
      throw new Error(`unknown embedding provider: ${String(name)}`);
  }
}
