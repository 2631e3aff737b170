import { describe, expect, it } from 'vitest';
import {
  type AnswerBody,
  type AnswerTarget,
  DiscordAnswer,
  splitContent,
} from '../../channels/discord/stream';

function recorder() {
  const sent: { kind: 'post' | 'edit' | 'followUp'; body: AnswerBody }[] = [];
  const target: AnswerTarget = {
    post: async (body) => {
      sent.push({ kind: 'post', body });
      return async (next) => sent.push({ kind: 'edit', body: next });
    },
    followUp: async (body) => sent.push({ kind: 'followUp', body }),
  };
  return { sent, target };
}

describe('DiscordAnswer: one streamed answer', () => {
  it('posts at the first text, edits at most once per interval, and ends with the embeds and buttons', async () => {
    const { sent, target } = recorder();
    const out = new DiscordAnswer(target, 60_000);
    for (const w of ['Here ', 'are ', 'your ', 'projects.']) out.append(w);
    const embed = { title: 'Projects (1)' };
    await out.finish([embed], []);
    expect(sent.map((s) => s.kind)).toEqual(['post', 'edit']);
    expect(sent[0]?.body.content).toMatch(/^Here.* …$/); // the text so far, marked unfinished
    expect(sent[1]?.body).toEqual({ content: 'Here are your projects.', embeds: [embed], components: [] });
  });

  it('continues an answer over 2000 characters in follow-ups; the last one carries the embeds', async () => {
    const { sent, target } = recorder();
    const out = new DiscordAnswer(target, 0);
    const long = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    out.append(long);
    await out.finish([{ title: 'x' }], []);
    const kinds = sent.map((s) => s.kind);
    expect(kinds[0]).toBe('post');
    expect(kinds.filter((k) => k === 'followUp').length).toBeGreaterThan(0);
    for (const s of sent) expect(s.body.content.length).toBeLessThanOrEqual(2000);
    expect(sent.at(-1)?.body.embeds).toEqual([{ title: 'x' }]);
    const final = sent.filter((s) => s.kind !== 'post').map((s) => s.body.content);
    expect(final.join(' ')).toBe(long);
  });

  it('splits at spaces or line breaks, never over the limit', () => {
    expect(splitContent('a'.repeat(4500))).toEqual(['a'.repeat(2000), 'a'.repeat(2000), 'a'.repeat(500)]);
    expect(splitContent(`${'x'.repeat(1500)}\n${'y'.repeat(1000)}`)).toEqual([
      'x'.repeat(1500),
      'y'.repeat(1000),
    ]);
    expect(splitContent('short')).toEqual(['short']);
  });
});
