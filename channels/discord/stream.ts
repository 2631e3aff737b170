import type { APIEmbed } from 'discord.js';
import type { ButtonRow } from './embeds';

/** Discord refuses message content over 2000 characters. */
const CONTENT_MAX = 2000;
/** At most 10 embeds and 5 rows of components per message. */
const EMBEDS_MAX = 10;
const ROWS_MAX = 5;

export interface AnswerBody {
  content: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
}

/**
 * Where an answer goes: a reply to a message, or an interaction's (deferred) reply. `post` sends the first
 * message and returns how to edit it; `followUp` sends another one (the rest of a long answer).
 */
export interface AnswerTarget {
  post(body: AnswerBody): Promise<(body: AnswerBody) => Promise<unknown>>;
  followUp(body: AnswerBody): Promise<unknown>;
}

/**
 * One answer that grows as the model writes: posted at the first text, edited at most once per `intervalMs`,
 * and a last edit with the embeds and buttons when the turn is done (an answer over 2000 characters
 * continues in follow-up messages, the last of which carries them).
 */
export class DiscordAnswer {
  private text = '';
  private edit: ((body: AnswerBody) => Promise<unknown>) | undefined;
  private lastUpdate = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly target: AnswerTarget,
    private readonly intervalMs = 1000,
  ) {}

  append(delta: string): void {
    this.text += delta;
    const now = Date.now();
    if (now - this.lastUpdate < this.intervalMs) return;
    this.lastUpdate = now;
    this.pending = this.pending.then(() => this.flush()).catch(() => undefined);
  }

  async finish(embeds: APIEmbed[], components: ButtonRow[], fallback = 'Done.'): Promise<void> {
    await this.pending;
    const chunks = splitContent(this.text.trim() || fallback);
    const extra = { embeds: embeds.slice(0, EMBEDS_MAX), components: components.slice(0, ROWS_MAX) };
    const bodies: AnswerBody[] = chunks.map((content, i) =>
      i === chunks.length - 1 ? { content, ...extra } : { content },
    );
    const [first, ...rest] = bodies;
    if (first) await this.send(first);
    for (const body of rest) await this.target.followUp(body);
  }

  private async flush(): Promise<void> {
    const shown = this.text.trim();
    if (!shown) return;
    const content = shown.length > CONTENT_MAX - 2 ? `${shown.slice(0, CONTENT_MAX - 2)} …` : `${shown} …`;
    await this.send({ content });
  }

  private async send(body: AnswerBody): Promise<void> {
    if (this.edit) await this.edit(body);
    else this.edit = await this.target.post(body);
  }
}

/** Pieces of at most 2000 characters, cut at a line break (or a space) where there is one. */
export function splitContent(text: string, max = CONTENT_MAX): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > max / 2 ? cut : max;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\s+/, '');
  }
  if (rest) out.push(rest);
  return out;
}
