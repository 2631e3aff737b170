import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatBody {
  model: string;
  stream?: boolean;
  messages: { role: string; content: unknown }[];
  tools?: {
    type: string;
    function: { name: string; description?: string; parameters: Record<string, unknown> };
  }[];
  tool_choice?: unknown;
}

/** What the fake server answers to one request: a function call with these arguments (or raw text). */
export type Reply = { call: string; args: unknown } | { text: string };

/**
 * A local OpenAI-compatible server speaking chat.completions (SSE chunks when `stream` is set, one JSON body
 * otherwise). Each request is answered by `reply(body)`.
 */
export class FakeOpenAI {
  readonly requests: ChatBody[] = [];
  private server: Server | undefined;
  constructor(public reply: (body: ChatBody) => Reply) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    if (req.headers.authorization !== 'Bearer sk-test') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'bad key', type: 'invalid_request_error' } }));
      return;
    }
    const body = JSON.parse(raw) as ChatBody;
    this.requests.push(body);
    const reply = this.reply(body);
    const id = `chatcmpl-${this.requests.length}`;
    const created = 1_763_900_000;
    const usage = { prompt_tokens: 300, completion_tokens: 120, total_tokens: 420 };
    const args = 'call' in reply ? JSON.stringify(reply.args) : '';
    if (!body.stream) {
      const message =
        'call' in reply
          ? {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'call_1', type: 'function', function: { name: reply.call, arguments: args } },
              ],
            }
          : { role: 'assistant', content: reply.text };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: body.model,
          choices: [
            { index: 0, message, logprobs: null, finish_reason: 'call' in reply ? 'tool_calls' : 'stop' },
          ],
          usage,
        }),
      );
      return;
    }
    const chunk = (delta: object, finish: string | null = null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
    const chunks: object[] = [];
    if ('call' in reply) {
      chunks.push(
        chunk({
          role: 'assistant',
          content: null,
          tool_calls: [
            { index: 0, id: 'call_1', type: 'function', function: { name: reply.call, arguments: '' } },
          ],
        }),
      );
      const step = Math.max(1, Math.ceil(args.length / 4));
      for (let i = 0; i < args.length; i += step) {
        chunks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(i, i + step) } }] }));
      }
      chunks.push(chunk({}, 'tool_calls'));
    } else {
      chunks.push(chunk({ role: 'assistant', content: reply.text }));
      chunks.push(chunk({}, 'stop'));
    }
    chunks.push({ ...chunk({}), choices: [], usage });
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end('data: [DONE]\n\n');
  }
}
