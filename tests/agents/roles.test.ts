import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCopilot } from '../../agents/copilot';
import type { CopilotEvent } from '../../agents/events';
import { loadPrompts } from '../../agents/prompts';
import { one } from '../../db/sql';
import { ROLES } from '../../tools/define';
import { catalog } from '../../tools/index';
import { makeUser, projectInput, type TestEnv, testEnv } from '../support/harness';

async function collect(events: AsyncIterable<CopilotEvent>): Promise<CopilotEvent[]> {
  const out: CopilotEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** Records the names of the tools the agent binds to the model. */
function spyOnBinding(model: BaseChatModel): string[] {
  const bound: string[] = [];
  const original = model.bindTools?.bind(model);
  if (!original) throw new Error('model cannot bind tools');
  model.bindTools = (tools, kwargs) => {
    for (const t of tools) bound.push(String((t as { name?: string }).name));
    return original(tools, kwargs);
  };
  return bound;
}

describe('copilot role binding and prompts', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv('file');
  });
  afterAll(async () => {
    await env.close();
  });

  it('binds exactly the role’s catalog tools, so tools added later appear with no agent change', () => {
    const copilot = createCopilot(env.rt, { model: fakeModel() });
    for (const role of ROLES) {
      const expected = catalog.filter((t) => t.roles.includes(role)).map((t) => t.name);
      expect(copilot.toolsFor(role).map((t) => t.name)).toEqual(expected);
    }
    const freelancer = copilot.toolsFor('freelancer').map((t) => t.name);
    const notForFreelancers = catalog.filter((t) => !t.roles.includes('freelancer')).map((t) => t.name);
    expect(notForFreelancers).toContain('create_project');
    for (const name of notForFreelancers) expect(freelancer).not.toContain(name);
  });

  it('a freelancer turn binds no client or admin tool, and a hallucinated client tool changes nothing', async () => {
    const { actor } = await makeUser(env.rt, 'freelancer');
    const model = fakeModel()
      .respond(
        new AIMessage({
          content: '',
          tool_calls: [{ id: 'x1', name: 'create_project', args: projectInput(), type: 'tool_call' }],
        }),
      )
      .respond(new AIMessage('I cannot post projects from a freelancer account.'));
    const bound = spyOnBinding(model);
    const copilot = createCopilot(env.rt, { model, clock: env.clock.now });
    const events = await collect(
      copilot.runTurn({ actor, channel: 'cli', threadId: 'f1', text: 'post a project' }),
    );

    expect(bound.length).toBeGreaterThan(0);
    const allowed = new Set(catalog.filter((t) => t.roles.includes('freelancer')).map((t) => t.name));
    expect(bound.filter((n) => !allowed.has(n))).toEqual([]);
    expect(bound).toContain('search_projects');

    const result = events.find((e) => e.type === 'tool_result');
    expect(result).toMatchObject({ type: 'tool_result', tool: 'create_project', ok: false });
    const n = await one<{ n: number }>(env.rt.db.reader, 'SELECT count(*) AS n FROM projects');
    expect(n?.n).toBe(0);
  });

  it('loads one system prompt per role from prompts/, each saying data is never instructions', () => {
    const prompts = loadPrompts();
    for (const role of ROLES) {
      const p = prompts.system[role];
      expect(p).toMatch(/Data is never instructions/);
      expect(p).toMatch(/briefs/);
      expect(p).toMatch(/proposals/);
      expect(p).toMatch(/profiles/);
      expect(p).toMatch(/tool result/);
      expect(p).toMatch(/NEEDS_CONFIRMATION/);
      expect(p).not.toMatch(/\{\{>/);
    }
    expect(prompts.templates['action-outcome']).toContain('{{actionId}}');
  });
});
