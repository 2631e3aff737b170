import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { normalizeSkillText } from '../db/queries/skillGraph';
import { listCategories, listIndustries } from '../db/queries/threads';
import { OfflineChatModel, type OfflineChatModelOptions } from './offline/index';

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

export interface ModelFactoryOptions {
  /** Gives the offline model the marketplace's own categories, industries and skills graph. */
  db?: Db;
  /** The offline model's clock (default: "Today is …" in the system prompt). */
  clock?: () => Date;
  /** Anything else for the offline model; wins over what is read from `db`. */
  offline?: OfflineChatModelOptions;
}

/** Which model a configuration selects, for logs and the chat banner. */
export function describeModel(config: Config): string {
  if (!config.OPENAI_API_KEY) return 'offline model (set OPENAI_API_KEY for a model server)';
  const model = config.MODEL ?? DEFAULT_OPENAI_MODEL;
  return config.OPENAI_BASE_URL ? `${model} at ${config.OPENAI_BASE_URL}` : `${model} (OpenAI)`;
}

/**
 * The chat model the copilots use: `ChatOpenAI` when OPENAI_API_KEY is set (MODEL and OPENAI_BASE_URL reach
 * any OpenAI-compatible server: vLLM, Ollama, LM Studio), otherwise the offline model, which needs no network.
 */
export async function createChatModel(
  config: Config,
  opts: ModelFactoryOptions = {},
): Promise<BaseChatModel> {
  if (config.OPENAI_API_KEY) return openAIModel(config);
  return offlineModel(opts);
}

export function openAIModel(config: Config): ChatOpenAI {
  return new ChatOpenAI({
    model: config.MODEL ?? DEFAULT_OPENAI_MODEL,
    apiKey: config.OPENAI_API_KEY,
    // Chat Completions is what OpenAI-compatible servers speak.
    useResponsesApi: false,
    streaming: true,
    maxRetries: 2,
    ...(config.OPENAI_BASE_URL ? { configuration: { baseURL: config.OPENAI_BASE_URL } } : {}),
  });
}

export async function offlineModel(opts: ModelFactoryOptions = {}): Promise<OfflineChatModel> {
  const options: OfflineChatModelOptions = {};
  const { db } = opts;
  if (db) {
    const [categories, industries] = await Promise.all([
      listCategories(db.reader),
      listIndustries(db.reader),
    ]);
    if (categories.length > 0) options.categories = categories;
    if (industries.length > 0) options.industries = industries;
    options.skillNormalizer = cached(async (text) => {
      const names = (await normalizeSkillText(db.reader, text)).map((m) => m.skill.name);
      return [...new Set(names)];
    });
  }
  if (opts.clock) options.now = opts.clock;
  return new OfflineChatModel({ ...options, ...opts.offline });
}

const SKILL_CACHE_SIZE = 500;
const SKILL_CACHE_MS = 60_000;

/**
 * The skills graph read once per text for a minute: one turn asks about the same text several times (skills,
 * category, the answer), and a conversation repeats it turn after turn.
 */
function cached(fn: (text: string) => Promise<string[]>): (text: string) => Promise<string[]> {
  const hits = new Map<string, { at: number; names: Promise<string[]> }>();
  return (text) => {
    const now = Date.now();
    const hit = hits.get(text);
    if (hit && now - hit.at < SKILL_CACHE_MS) return hit.names;
    const names = fn(text);
    names.catch(() => hits.delete(text));
    hits.delete(text);
    hits.set(text, { at: now, names });
    if (hits.size > SKILL_CACHE_SIZE) hits.delete(hits.keys().next().value as string);
    return names;
  };
}
