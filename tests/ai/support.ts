import { setAiModel } from '../../ai/llm';
import { seedFxRates } from '../../db/queries/fx';
import { DEMO, seedDemo } from '../../db/seed/index';
import type { Actor } from '../../tools/define';
import type { CallResult } from '../../tools/dispatcher';
import { type TestEnv, testEnv } from '../support/harness';

export { type ChatBody, FakeOpenAI, type Reply } from './fakeOpenAI';

/**
 * A migrated database with the demo marketplace (market data for the AI tools) and the FX reference rates,
 * and the AI tools set to deterministic (no model), whatever the environment says.
 */
export async function aiEnv(): Promise<TestEnv> {
  setAiModel(null);
  const env = await testEnv('file');
  await env.rt.db.write((tx) => seedFxRates(tx));
  await seedDemo(env.rt.db);
  return env;
}

export const demoFreelancer: Actor = {
  id: DEMO.freelancer.id,
  role: 'freelancer',
  displayName: DEMO.freelancer.name,
};
export const demoClient: Actor = { id: DEMO.client.id, role: 'client', displayName: DEMO.client.name };

export function caller(env: TestEnv) {
  const call = <T>(actor: Actor, tool: string, input: unknown): Promise<CallResult<T>> =>
    env.rt.dispatcher.call<T>({ actor, channel: 'test', tool, input });
  const ok = async <T>(actor: Actor, tool: string, input: unknown): Promise<T> => {
    const res = await call<T>(actor, tool, input);
    if (!res.ok) throw new Error(`${tool} failed: ${JSON.stringify(res.error)}`);
    return res.data;
  };
  return { call, ok };
}

/** Numbers in a text, as written ("$8,000" → 8000). */
export function numbers(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
}
