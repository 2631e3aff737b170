import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A local Slack Web API: answers what Bolt's WebClient sends (form-encoded, nested values as JSON) and
 * records every call; POSTs to /response/… stand for response_url.
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  private server: Server | undefined;
  private seq = 0;
  url = '';

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const method = (req.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, '');
      let args: Record<string, unknown> = {};
      if ((req.headers['content-type'] ?? '').includes('json')) args = raw ? JSON.parse(raw) : {};
      else {
        for (const [k, v] of new URLSearchParams(raw)) {
          try {
            args[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
          } catch {
            args[k] = v;
          }
        }
      }
      this.calls.push({ method, args });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.answer(method, args)));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/api/`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  clear(): void {
    this.calls.length = 0;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'megilance',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage': {
        const ts = `1763900000.${String(++this.seq).padStart(6, '0')}`;
        return { ok: true, channel: args.channel, ts, message: { text: args.text, ts } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1763900000.${String(++this.seq).padStart(6, '0')}` };
      default:
        return { ok: true };
    }
  }
}
