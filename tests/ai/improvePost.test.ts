import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentencesOf } from '../../ai/deterministic/improvePost';
import type { ImprovePostOutput } from '../../ai/improvePost';
import { run } from '../../db/sql';
import { updateProject } from '../../tools/projects/updateProject';
import type { ProjectView } from '../../tools/shared/schemas';
import { makeUser, projectInput, type TestEnv, type TestUser } from '../support/harness';
import { aiEnv, caller, numbers } from './support';

const DESCRIPTION =
  'We are a small bakery in Leeds with two shops. We need an app where customers order cakes for pickup and pay ' +
  'with Stripe. It must work on iPhone and Android phones. You should have shipped React Native apps before. ' +
  'Ideally you have worked with food businesses.';

describe('improve_job_post (offline)', () => {
  let env: TestEnv;
  let client: TestUser;
  let api: ReturnType<typeof caller>;
  let project: ProjectView;
  beforeAll(async () => {
    env = await aiEnv();
    client = await makeUser(env.rt, 'client');
    api = caller(env);
    project = await api.ok<ProjectView>(
      client.actor,
      'create_project',
      projectInput({
        title: 'URGENT need app!!!',
        description: DESCRIPTION,
        category: 'mobile-development',
        industry: 'food-beverage',
        skills: ['React Native', 'Stripe'],
        budget: { currency: 'USD', min: 600_000, max: 900_000 },
        timelineWeeks: 8,
        requirements: { platforms: ['iOS', 'Android'] },
        publish: false,
      }),
    );
    // Two planned milestones the client already set.
    for (const [i, [title, amount]] of [
      ['Ordering and payments', 500_000],
      ['Launch', 400_000],
    ].entries()) {
      await env.rt.db.write((tx) =>
        run(
          tx,
          `INSERT INTO milestones (id, project_id, position, title, amount_minor, currency, status, created_at)
           VALUES (?, ?, ?, ?, ?, 'USD', 'planned', ?)`,
          [`mst_ai_${i}`, project.id, i + 1, title as string, amount as number, new Date().toISOString()],
        ),
      );
    }
  });
  afterAll(async () => {
    await env.close();
  });

  it('restructures the post without inventing anything', async () => {
    const out = await api.ok<ImprovePostOutput>(client.actor, 'improve_job_post', { projectId: project.id });
    expect(out.source).toBe('deterministic');
    expect(out.original).toEqual({ title: 'URGENT need app!!!', description: DESCRIPTION });
    // A specific title: the main skill and what is built, no shouting.
    expect(out.title).toBe('React Native app for a food & beverage business');
    expect(out.title).not.toMatch(/URGENT|!/);
    // Sections, in order.
    const headings = out.description.match(/^## .+$/gm);
    expect(headings).toEqual([
      '## Summary',
      '## Scope',
      '## Deliverables',
      '## Skills',
      '## Acceptance criteria',
      '## Details',
      '## About you',
    ]);
    // Every original sentence is still there, word for word.
    for (const s of sentencesOf(DESCRIPTION)) expect(out.description).toContain(s);
    // Deliverables and criteria come from the milestones and the requirement answers.
    expect(out.sections?.deliverables).toEqual(['Ordering and payments ($5,000)', 'Launch ($4,000)']);
    expect(out.sections?.acceptanceCriteria).toEqual(
      expect.arrayContaining([
        'It must work on iPhone and Android phones.',
        'Works on iOS and Android',
        'Ordering and payments: delivered and approved',
      ]),
    );
    expect(out.sections?.aboutYou).toEqual([
      'You should have shipped React Native apps before.',
      'Ideally you have worked with food businesses.',
    ]);
    expect(out.sections?.details).toEqual(
      expect.arrayContaining(['Timeline: 8 weeks', 'Budget: $6,000–$9,000 (fixed price)']),
    );
    // No number in the new post that the project does not already state.
    const known = new Set(numbers(`${DESCRIPTION} $6,000 $9,000 8 weeks $5,000 $4,000`));
    expect(numbers(out.description).filter((n) => !known.has(n))).toEqual([]);
    // Each change says what and why; the post's gaps become questions, not text.
    expect(out.changes.map((c) => c.what)).toEqual(
      expect.arrayContaining([
        'Title: "URGENT need app!!!" → "React Native app for a food & beverage business"',
        'Added acceptance criteria',
      ]),
    );
    expect(out.changes.every((c) => c.why.length > 10)).toBe(true);
  });

  it('asks about what the post does not say', async () => {
    const out = await api.ok<ImprovePostOutput>(client.actor, 'improve_job_post', {
      title: 'Website',
      description: 'We sell handmade candles and want a new website.',
      category: 'web-development',
    });
    expect(out.updateProjectInput).toBeNull();
    expect(out.questions).toEqual(
      expect.arrayContaining([
        'What exactly is delivered at the end (the website, source code, designs, documentation)?',
        'What has to be true for you to accept the work (features, devices, results)?',
        'When does this need to be done (a timeline in weeks or a deadline)?',
        'Which skills should the freelancer have?',
      ]),
    );
    expect(out.description).toContain('We sell handmade candles and want a new website.');
  });

  it('hands back update_project input that applies cleanly', async () => {
    const out = await api.ok<ImprovePostOutput>(client.actor, 'improve_job_post', { projectId: project.id });
    expect(updateProject.input.safeParse(out.updateProjectInput).success).toBe(true);
    const updated = await api.ok<ProjectView>(client.actor, 'update_project', out.updateProjectInput);
    expect(updated.title).toBe(out.title);
    expect(updated.description).toBe(out.description);
  });

  it("refuses another client's project", async () => {
    const other = await makeUser(env.rt, 'client');
    const res = await api.call(other.actor, 'improve_job_post', { projectId: project.id });
    expect(res.ok || res.error.code).toBe('FORBIDDEN');
  });
});
