import { z } from 'zod';
import { EmbeddingError, type EmbeddingProvider, l2normalize } from './provider';

/**
 * Any server speaking OpenAI's embeddings API (`POST {baseUrl}/embeddings`): OpenAI itself, Azure-style
 * proxies, Ollama, vLLM, LiteLLM… Plain fetch, batched, retried on 429 and 5xx.
 */
export interface OpenAiEmbedderOptions {
  model: string;
  /** Defaults to https://api.openai.com/v1. */
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  /** Output size; when unknown for the model, `createOpenAiEmbedder` asks the server once. */
  dimension?: number | undefined;
  /** Ask the server to shorten vectors (text-embedding-3-*); becomes part of the id. */
  dimensions?: number | undefined;
  /** Texts per request (OpenAI accepts up to 2048). */
  batchSize?: number | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

const Response = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

export async function createOpenAiEmbedder(opts: OpenAiEmbedderOptions): Promise<EmbeddingProvider> {
  const id = `openai/${opts.model}${opts.dimensions ? `@${opts.dimensions}` : ''}`;
  const baseUrl = (opts.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const batchSize = opts.batchSize ?? 128;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRetries = opts.maxRetries ?? 3;

  const request = async (input: string[]): Promise<Float32Array[]> => {
    const body = JSON.stringify({
      model: opts.model,
      // OpenAI rejects empty strings; a blank still gets a vector.
      input: input.map((t) => (t.trim() ? t : ' ')),
      encoding_format: 'float',
      ...(opts.dimensions ? { dimensions: opts.dimensions } : {}),
    });
    for (let attempt = 0; ; attempt++) {
      let res: globalThis.Response;
      try {
        res = await fetch(`${baseUrl}/embeddings`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        if (attempt < maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new EmbeddingError(`request failed: ${(err as Error).message}`, id, { cause: err });
      }
      if (res.ok) {
        const parsed = Response.safeParse(await res.json().catch(() => undefined));
        if (!parsed.success) throw new EmbeddingError('unexpected response body', id);
        const out: Float32Array[] = new Array(input.length);
        for (const d of parsed.data.data) {
          if (d.index < input.length) out[d.index] = l2normalize(Float32Array.from(d.embedding));
        }
        for (let i = 0; i < input.length; i++) {
          if (!out[i]) throw new EmbeddingError(`response has no embedding for input ${i}`, id);
        }
        return out;
      }
      const text = await res.text().catch(() => '');
      const retryable = res.status === 429 || res.status >= 500;
      if (retryable && attempt < maxRetries) {
        const after = Number(res.headers.get('retry-after'));
        await sleep(
          Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 20_000) : backoffMs(attempt),
        );
        continue;
      }
      throw new EmbeddingError(`HTTP ${res.status}: ${text.slice(0, 300)}`, id);
    }
  };

  let dimension = opts.dimensions ?? opts.dimension ?? KNOWN_DIMENSIONS[opts.model];
  if (dimension === undefined) dimension = (await request(['dimension probe']))[0]!.length;
  const fixed = dimension;

  return {
    id,
    dimension: fixed,
    embed: async (texts) => {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        for (const v of await request(texts.slice(i, i + batchSize))) {
          if (v.length !== fixed) {
            throw new EmbeddingError(`server returned ${v.length} dimensions, expected ${fixed}`, id);
          }
          out.push(v);
        }
      }
      return out;
    },
  };
}

const backoffMs = (attempt: number) => Math.min(250 * 2 ** attempt, 5000) * (0.5 + Math.random() / 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
