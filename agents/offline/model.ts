/**
 * MegiLance's built-in offline model: a real LangChain chat model (bindTools, tool calls, streaming)
 * that needs no network. It reads the conversation and the bound tools' JSON Schemas, calls the tool a
 * request is for with arguments read from the text, asks when something required is missing, and
 * answers from tool results. Same input, same output.
 */
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage, type UsageMetadata } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { textOf } from './conversation';
import { type Decision, decide } from './decide';
import type { Named } from './parse/skills';
import { hash } from './parse/text';
import { normalizeTools } from './tools';

export interface OfflineChatModelOptions extends BaseChatModelParams {
  /** The clock for "by March 1", "next Friday": a fixed date or a function. Default: "Today is …" in the
   * system prompt, else the real clock. */
  now?: Date | (() => Date);
  /** Currency of amounts typed without one ("8k"). Default USD. */
  defaultCurrency?: string;
  /** Free text → canonical skill names (the skills graph). Without it, a built-in vocabulary is used. */
  skillNormalizer?: (text: string) => Promise<string[]>;
  /** Category slugs and names the marketplace knows. Without it, a built-in list is used. */
  categories?: Named[];
  /** Industry slugs and names the marketplace knows. Without it, a built-in list is used. */
  industries?: Named[];
}

export interface OfflineChatModelCallOptions extends BaseChatModelCallOptions {
  /** Set by bindTools. */
  tools?: BindToolsInput[];
}

export const OFFLINE_MODEL_NAME = 'megilance-offline';

/** Words per streamed text chunk. */
const CHUNK_WORDS = 3;

export class OfflineChatModel extends BaseChatModel<OfflineChatModelCallOptions, AIMessageChunk> {
  private readonly options: OfflineChatModelOptions;

  static override lc_name(): string {
    return 'OfflineChatModel';
  }

  constructor(options: OfflineChatModelOptions = {}) {
    // Only LangChain's own parameters go to the base class (it keeps them for serialisation).
    const {
      now: _now,
      defaultCurrency: _c,
      skillNormalizer: _s,
      categories: _k,
      industries: _i,
      ...base
    } = options;
    super(base);
    this.options = options;
  }

  _llmType(): string {
    return OFFLINE_MODEL_NAME;
  }

  override get callKeys(): string[] {
    return [...super.callKeys, 'tools', 'tool_choice'];
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<OfflineChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, OfflineChatModelCallOptions> {
    return this.withConfig({ ...kwargs, tools } as Partial<OfflineChatModelCallOptions>);
  }

  override getLsParams(options: this['ParsedCallOptions']) {
    return { ...super.getLsParams(options), ls_provider: 'megilance', ls_model_name: OFFLINE_MODEL_NAME };
  }

  /** The decision for these messages, as LangChain sees it: text, or one tool call. */
  async decide(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<Decision> {
    const tools = normalizeTools(options.tools);
    return decide(
      messages,
      tools,
      {
        now: this.options.now,
        defaultCurrency: (this.options.defaultCurrency ?? 'USD').toUpperCase(),
        skillNormalizer: this.options.skillNormalizer,
        categories: this.options.categories,
        industries: this.options.industries,
      },
      options.tool_choice,
    );
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const decision = await this.decide(messages, options);
    const usage = usageOf(messages, decision);
    const meta = { model_name: OFFLINE_MODEL_NAME, model_provider: 'megilance' };
    let message: AIMessage;
    if (decision.kind === 'call') {
      message = new AIMessage({
        content: '',
        tool_calls: [
          { id: callId(messages, decision), name: decision.tool, args: decision.args, type: 'tool_call' },
        ],
        usage_metadata: usage,
        response_metadata: { ...meta, finish_reason: 'tool_calls' },
      });
    } else {
      message = new AIMessage({
        content: decision.text,
        usage_metadata: usage,
        response_metadata: { ...meta, finish_reason: 'stop' },
      });
      await runManager?.handleLLMNewToken(decision.text);
    }
    return {
      generations: [{ text: decision.kind === 'call' ? '' : decision.text, message }],
      llmOutput: { tokenUsage: tokenUsage(usage) },
    };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const decision = await this.decide(messages, options);
    const usage = usageOf(messages, decision);
    const meta = { model_name: OFFLINE_MODEL_NAME, model_provider: 'megilance' };
    if (decision.kind === 'call') {
      const chunk = new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({
          content: '',
          tool_call_chunks: [
            {
              type: 'tool_call_chunk',
              id: callId(messages, decision),
              name: decision.tool,
              args: JSON.stringify(decision.args),
              index: 0,
            },
          ],
          usage_metadata: usage,
          response_metadata: { ...meta, finish_reason: 'tool_calls' },
        }),
      });
      yield chunk;
      await runManager?.handleLLMNewToken('', undefined, undefined, undefined, undefined, { chunk });
      return;
    }
    const pieces = splitForStreaming(decision.text);
    for (let i = 0; i < pieces.length; i++) {
      const last = i === pieces.length - 1;
      const text = pieces[i]!;
      const chunk = new ChatGenerationChunk({
        text,
        message: new AIMessageChunk({
          content: text,
          ...(last ? { usage_metadata: usage, response_metadata: { ...meta, finish_reason: 'stop' } } : {}),
        }),
      });
      yield chunk;
      await runManager?.handleLLMNewToken(text, undefined, undefined, undefined, undefined, { chunk });
    }
  }
}

/** A few words per piece, whitespace kept, so the pieces join back to the exact text. */
export function splitForStreaming(text: string): string[] {
  if (text.length === 0) return [''];
  const words = text.match(/\s*\S+\s*/g) ?? [text];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += CHUNK_WORDS) out.push(words.slice(i, i + CHUNK_WORDS).join(''));
  return out;
}

/** A stable id per conversation position and call: the same input gives the same id. */
function callId(messages: BaseMessage[], d: Extract<Decision, { kind: 'call' }>): string {
  return `call_${hash(`${messages.length}|${d.tool}|${JSON.stringify(d.args)}|${textOf(messages.at(-1)?.content)}`)}`;
}

/** Tokens estimated at four characters each: there is no tokenizer, but limits and logs need a number. */
function usageOf(messages: BaseMessage[], d: Decision): UsageMetadata {
  let chars = 0;
  for (const m of messages) chars += textOf(m.content).length;
  const input = Math.ceil(chars / 4);
  const output = Math.ceil(
    (d.kind === 'call' ? JSON.stringify(d.args).length + d.tool.length : d.text.length) / 4,
  );
  return { input_tokens: input, output_tokens: output, total_tokens: input + output };
}

function tokenUsage(u: UsageMetadata) {
  return { promptTokens: u.input_tokens, completionTokens: u.output_tokens, totalTokens: u.total_tokens };
}
