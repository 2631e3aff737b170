import type { webApi } from '@slack/bolt';
import { type Block, textBlocks } from './blocks';

/**
 * One answer message that grows as the model writes: posted at the first text, then `chat.update` at most
 * once per `intervalMs`, and a last update with the result blocks when the turn is done.
 */
export class SlackAnswer {
  private text = '';
  private ts: string | undefined;
  private lastUpdate = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly threadTs: string | undefined,
    private readonly intervalMs = 1000,
  ) {}

  append(delta: string): void {
    this.text += delta;
    const now = Date.now();
    if (now - this.lastUpdate < this.intervalMs) return;
    this.lastUpdate = now;
    this.pending = this.pending.then(() => this.flush()).catch(() => undefined);
  }

  /** The last update: the whole text and the blocks (results, pending actions). */
  async finish(extra: Block[], fallback = 'Done.'): Promise<void> {
    await this.pending;
    const text = this.text.trim() || fallback;
    const blocks = [...textBlocks(text), ...extra].slice(0, 50);
    if (this.ts) await this.client.chat.update({ channel: this.channel, ts: this.ts, text, blocks });
    else await this.post(text, blocks);
  }

  private async flush(): Promise<void> {
    const text = `${this.text.trim()} …`;
    if (this.ts) await this.client.chat.update({ channel: this.channel, ts: this.ts, text });
    else await this.post(text);
  }

  private async post(text: string, blocks?: Block[]): Promise<void> {
    const r = await this.client.chat.postMessage({
      channel: this.channel,
      text,
      ...(blocks ? { blocks } : {}),
      ...(this.threadTs ? { thread_ts: this.threadTs } : {}),
    });
    this.ts = r.ts;
  }
}
