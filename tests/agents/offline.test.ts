import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCopilot } from '../../agents/copilot';
import type { CopilotEvent } from '../../agents/events';
import { describeModel } from '../../agents/model';
import { all } from '../../db/sql';
import { makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

async function collect(events: AsyncIterable<CopilotEvent>): Promise<CopilotEvent[]> {
  const out: CopilotEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('copilot with the offline model (no OPENAI_API_KEY)', () => {
  let env: TestEnv;
  let client: TestUser;
  beforeAll(async () => {
    env = await testEnv('file');
    client = await makeUser(env.rt, 'client', { name: 'Fiona Fintech' });
  });
  afterAll(async () => {
    await env.close();
  });

  it('turns a client brief into a project through the dispatcher', async () => {
    expect(env.rt.config.OPENAI_API_KEY).toBeUndefined();
    expect(describeModel(env.rt.config)).toMatch(/offline/);
    const copilot = createCopilot(env.rt, { clock: env.clock.now });
    const say = (text: string) =>
      collect(copilot.runTurn({ actor: client.actor, channel: 'cli', threadId: 'brief', text }));
    const projects = () =>
      all<{ id: string; title: string; budget_max_minor: number; currency: string; status: string }>(
        env.rt.db.reader,
        'SELECT id, title, budget_max_minor, currency, status FROM projects WHERE client_id = ?',
        [client.actor.id],
      );

    const transcript: CopilotEvent[][] = [];
    const turns = [
      'Post a project: we need a React dashboard with charts for our fintech app, plus a Node.js API. ' +
        'Budget $5k to $8k, 6 weeks. Publish it.',
      'Yes, post it and publish it.',
      'Create the project now, please.',
    ];
    for (const text of turns) {
      const events = await say(text);
      transcript.push(events);
      expect(events.at(-1)?.type).toBe('done');
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
      if ((await projects()).length > 0) break;
    }
    const created = await projects();
    expect(created, JSON.stringify(transcript, null, 1).slice(0, 4000)).toHaveLength(1);
    expect(created[0]).toMatchObject({ budget_max_minor: 800000, currency: 'USD' });
    const skills = await all<{ name: string }>(
      env.rt.db.reader,
      'SELECT s.name FROM project_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.project_id = ?',
      [created[0]?.id ?? ''],
    );
    expect(skills.map((s) => s.name)).toContain('React');
    const events = transcript.flat();
    expect(events.some((e) => e.type === 'tool_result' && e.tool === 'create_project' && e.ok)).toBe(true);
    expect(events.some((e) => e.type === 'text')).toBe(true);

    // A held action: the answer says it waits for the Confirm and never claims it happened.
    const held = await say('Cancel that project.');
    const pending = held.find((e) => e.type === 'confirmation_required');
    expect(pending, JSON.stringify(held).slice(0, 2000)).toMatchObject({ tool: 'cancel_project' });
    expect((await projects())[0]?.status).toBe('open');
    const reply = held.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
    expect(reply).toMatch(/confirm/i);
    expect(reply).not.toMatch(/\b(?:has been|was|is now|is) cancell?ed\b/i);
  });
});
