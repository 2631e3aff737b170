import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../tools/define';
import { makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';
import { type Connector, connector, STDIO_TIMEOUT, type TransportKind } from './support';

describe.each(['http', 'stdio'] as TransportKind[])(
  'MCP resources and prompts over %s',
  STDIO_TIMEOUT,
  (kind) => {
    let env: TestEnv;
    let conn: Connector;
    let owner: TestUser;
    let other: TestUser;
    let freelancer: TestUser;
    let admin: TestUser;
    let asOwner: Client;
    let asOther: Client;
    let asFreelancer: Client;
    const ids = { open: '', draft: '', contract: '' };

    const call = async <T>(actor: Actor, tool: string, input: unknown): Promise<T> => {
      const r = await env.rt.dispatcher.call<T>({ actor, channel: 'test', tool, input });
      if (!r.ok) throw new Error(`${tool}: ${JSON.stringify(r.error)}`);
      return r.data;
    };

    beforeAll(async () => {
      env = await testEnv('file');
      owner = await makeUser(env.rt, 'client');
      other = await makeUser(env.rt, 'client');
      freelancer = await makeUser(env.rt, 'freelancer', { skills: ['React'] });
      admin = await makeUser(env.rt, 'admin');
      ids.open = (
        await call<{ id: string }>(owner.actor, 'create_project', projectInput({ title: 'Hired work' }))
      ).id;
      ids.draft = (
        await call<{ id: string }>(
          owner.actor,
          'create_project',
          projectInput({ title: 'Secret draft', publish: false }),
        )
      ).id;
      const proposal = await call<{ id: string }>(freelancer.actor, 'submit_proposal', {
        projectId: ids.open,
        coverLetter: 'I have built many dashboards like this one.',
        amount: { amount: 600000, currency: 'USD' },
        estimatedWeeks: 5,
      });
      ids.contract = (
        await call<{ id: string }>(owner.actor, 'accept_proposal', { proposalId: proposal.id })
      ).id;
      conn = await connector(kind, env.rt);
      [asOwner, asOther, asFreelancer] = await Promise.all([
        conn.connect(owner),
        conn.connect(other),
        conn.connect(freelancer),
      ]);
    });
    afterAll(async () => {
      await conn?.close();
      await env?.close();
    });

    const read = async (c: Client, uri: string) => {
      const r = await c.readResource({ uri });
      const first = r.contents[0];
      return JSON.parse(first && 'text' in first ? first.text : 'null');
    };
    const refusal = async (c: Client, uri: string) => {
      try {
        await c.readResource({ uri });
      } catch (err) {
        if (err instanceof McpError) return err;
        throw err;
      }
      throw new Error(`${uri} was readable`);
    };

    it('publishes the three templates', async () => {
      const { resourceTemplates } = await asOwner.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
        'megilance://contracts/{id}',
        'megilance://freelancers/{id}',
        'megilance://projects/{id}',
      ]);
    });

    it("lists each user's own projects, contracts and freelancers", async () => {
      const mine = (await asOwner.listResources()).resources.map((r) => r.uri);
      expect(mine).toEqual(
        expect.arrayContaining([
          `megilance://projects/${ids.open}`,
          `megilance://projects/${ids.draft}`,
          `megilance://contracts/${ids.contract}`,
          `megilance://freelancers/${freelancer.actor.id}`,
        ]),
      );
      const theirs = (await asFreelancer.listResources()).resources.map((r) => r.uri);
      expect(theirs).toEqual(
        expect.arrayContaining([
          `megilance://projects/${ids.open}`,
          `megilance://contracts/${ids.contract}`,
          `megilance://freelancers/${freelancer.actor.id}`,
        ]),
      );
      expect(theirs).not.toContain(`megilance://projects/${ids.draft}`);
      const others = (await asOther.listResources()).resources.map((r) => r.uri);
      expect(others.join()).not.toContain(ids.contract);
      expect(others.join()).not.toContain(ids.draft);
    });

    it('reads what the user may see, through the same tools and rules', async () => {
      expect(await read(asOwner, `megilance://contracts/${ids.contract}`)).toMatchObject({
        id: ids.contract,
        clientId: owner.actor.id,
        freelancerId: freelancer.actor.id,
      });
      expect(await read(asFreelancer, `megilance://contracts/${ids.contract}`)).toMatchObject({
        id: ids.contract,
      });
      expect(await read(asOwner, `megilance://projects/${ids.draft}`)).toMatchObject({ status: 'draft' });
      expect(await read(asOther, `megilance://projects/${ids.open}`)).toMatchObject({ title: 'Hired work' });
      expect(await read(asOther, `megilance://freelancers/${freelancer.actor.id}`)).toMatchObject({
        headline: expect.any(String),
      });
    });

    it("refuses another client's contract and draft project", async () => {
      const contract = await refusal(asOther, `megilance://contracts/${ids.contract}`);
      expect(contract.message).toContain('FORBIDDEN');
      expect((contract.data as { code: string }).code).toBe('FORBIDDEN');
      const draft = await refusal(asOther, `megilance://projects/${ids.draft}`);
      expect(draft.code).toBe(-32002);
      expect((draft.data as { code: string }).code).toBe('NOT_FOUND');
      const draftToFreelancer = await refusal(asFreelancer, `megilance://projects/${ids.draft}`);
      expect(draftToFreelancer.code).toBe(-32002);
      // Connections survive refusals.
      expect((await asOther.callTool({ name: 'whoami', arguments: {} })).isError).toBeFalsy();
    });

    it('offers each role its own prompts', async () => {
      const names = async (c: Client) => (await c.listPrompts()).prompts.map((p) => p.name);
      expect(await names(asOwner)).toEqual(['post_a_project']);
      expect(await names(asFreelancer)).toEqual(['find_me_work']);
      const asAdmin = await conn.connect(admin);
      expect(await names(asAdmin)).toEqual(['weekly_fraud_review']);

      const post = await asOwner.getPrompt({
        name: 'post_a_project',
        arguments: { idea: 'A bakery website' },
      });
      const text = post.messages[0]?.content.type === 'text' ? post.messages[0].content.text : '';
      expect(text).toContain('A bakery website');
      expect(text).toContain('create_project');
      const work = await asFreelancer.getPrompt({ name: 'find_me_work', arguments: {} });
      const workText = work.messages[0]?.content.type === 'text' ? work.messages[0].content.text : '';
      expect(workText).toContain('search_projects');
      expect(workText).not.toContain('create_project');
      const fraud = await asAdmin.getPrompt({
        name: 'weekly_fraud_review',
        arguments: { weekEnding: '2026-11-22' },
      });
      expect(fraud.messages[0]?.content).toMatchObject({
        type: 'text',
        text: expect.stringContaining('2026-11-22'),
      });
      await expect(asFreelancer.getPrompt({ name: 'post_a_project', arguments: {} })).rejects.toThrow();
    });
  },
);
