import { mkdirSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hirePage } from '../../db/queries/hirePages';
import { CHROMIUM_ARGS, requireChromium, startWebServer, type WebServer } from '../support/webServer';

const SHOTS = 'test-results/web';

interface Balance {
  currency: string;
  available: { amount: number };
  inEscrow: { amount: number };
}

/**
 * The product in a real browser: the server started as `npm start` starts it (web app built on first start),
 * Debian's Chromium driven by playwright-core, the offline model answering the chat.
 */
describe('web app in Chromium', () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    const executablePath = requireChromium();
    mkdirSync(SHOTS, { recursive: true });
    server = await startWebServer();
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(context: BrowserContext, label: RegExp): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.base}/`);
    await page.getByRole('button', { name: label }).click();
    await page.waitForURL(/\/chat/);
    return page;
  }

  /** Calls a tool with the page's own session cookie, as the web app does. */
  async function tool(page: Page, name: string, input: unknown) {
    const res = await page.request.post(`${server.base}/api/tools/${name}`, {
      data: input,
      headers: { origin: server.base },
    });
    return { status: res.status(), body: (await res.json()) as Record<string, unknown> };
  }

  async function send(page: Page, text: string) {
    const box = page.getByLabel('Message the copilot');
    await box.fill(text);
    await box.press('Enter');
    // The turn is over when the composer offers Send again (it shows Stop while streaming).
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 60_000 });
  }

  it('a client describes a project, posts it, gets a shortlist, and funds a milestone through Confirm', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await signIn(context, /Demo client/);
    await expect(page.getByTestId('whoami').textContent()).resolves.toMatch(/client/);
    await page.getByRole('button', { name: /Shopify store/ }).waitFor(); // suggestions
    await expect(page.getByRole('button', { name: /Shopify store/ }).count()).resolves.toBe(1);

    // Remember every tool-activity line shown while a tool runs: they are gone once its card replaces them.
    // (A script string: the test's own type check has no DOM library.)
    await page.evaluate(`(() => {
      const seen = (window.seen = []);
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('.activity.running')) {
          const t = el.textContent ?? '';
          if (!seen.includes(t)) seen.push(t);
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);

    await send(page, 'I need someone to build a Shopify store for my bakery, around $3k, 4 weeks');
    const spec = page.locator('[data-card="project"]').first();
    await expect(spec.textContent()).resolves.toMatch(/draft — not saved/);
    await expect(spec.getByRole('list', { name: 'Skills' }).textContent()).resolves.toContain('Shopify');
    await expect(spec.textContent()).resolves.toMatch(/Milestones/);
    // Seen while running, or kept as the finished step's line when the tool was too fast to paint.
    const activity = [
      ...((await page.evaluate('window.seen')) as string[]),
      ...(await page.locator('.activity.done').allTextContents()),
    ];
    expect(activity.join('\n')).toMatch(/Drafting a project spec from your brief/);
    await page.screenshot({ path: `${SHOTS}/1-spec-card.png`, fullPage: true });

    await send(page, 'looks good, post it and publish it');
    const saved = page.locator('[data-card="project"]').nth(1);
    const savedText = (await saved.textContent()) ?? '';
    expect(savedText).toMatch(/open/);
    const projectId = /prj_[0-9a-z]+/.exec(savedText)?.[0];
    expect(projectId).toBeDefined();
    const fetched = await tool(page, 'get_project', { projectId });
    expect(fetched).toMatchObject({
      status: 200,
      body: { status: 'open', title: expect.stringMatching(/Shopify/) },
    });

    await send(page, 'shortlist freelancers for that project');
    const shortlist = page.locator('[data-card="shortlist"]');
    await shortlist.waitFor();
    expect(await shortlist.locator('ol > li').count()).toBeGreaterThan(0);
    await shortlist
      .getByRole('button', { name: /^Invite / })
      .first()
      .click();
    await shortlist.getByRole('button', { name: 'Invited' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/2-shortlist.png`, fullPage: true });

    // Money for the escrow: a deposit is itself held for confirmation, confirmed here through the API.
    const deposit = await tool(page, 'deposit', { amount: { amount: 1_000_000, currency: 'USD' } });
    expect(deposit.status).toBe(202);
    const actionId = (deposit.body.pendingAction as { id: string }).id;
    const confirmed = await page.request.post(`${server.base}/api/actions/${actionId}/confirm`, {
      headers: { origin: server.base },
    });
    expect(confirmed.status()).toBe(200);
    const before = await usd(page);

    const milestone = await plannedMilestone(server.databaseUrl);
    await send(page, `fund milestone ${milestone.id}`);
    const card = page.locator('[data-card="confirm"]');
    await expect(card.textContent()).resolves.toMatch(/Needs your confirmation.*Fund milestone/s);
    await expect(card.textContent()).resolves.toMatch(/Nothing has happened yet/);
    // Held, not run: the wallet has not moved.
    expect((await usd(page)).available.amount).toBe(before.available.amount);
    await page.screenshot({ path: `${SHOTS}/3-confirm-card.png`, fullPage: true });

    await card.getByRole('button', { name: 'Confirm' }).click();
    await card.getByText('Confirmed — done.').waitFor();
    await expect(card.locator('[data-card="escrow"]').textContent()).resolves.toMatch(/Held in escrow/);
    const after = await usd(page);
    expect(after.available.amount).toBe(before.available.amount - milestone.amount);
    expect(after.inEscrow.amount).toBe(before.inEscrow.amount + milestone.amount);
    await page.screenshot({ path: `${SHOTS}/4-confirmed.png`, fullPage: true });

    // The thread is kept: reloading replays it from the server, cards included.
    await page.reload();
    await page.locator('[data-card="shortlist"]').waitFor();
    await page.locator('[data-card="confirm"]').getByText('Confirmed — done.').waitFor();
    expect(await page.getByRole('button', { name: 'Confirm' }).count()).toBe(0);
    // The list of conversations is a fetch of its own: wait for it (count() alone raced it once, under load).
    await page.locator('nav[aria-label="Conversations"] li').first().waitFor();
    expect(await page.locator('nav[aria-label="Conversations"] li').count()).toBeGreaterThan(0);
    await context.close();

    async function usd(p: Page): Promise<Balance> {
      const r = await tool(p, 'wallet_balance', {});
      const line = (r.body.balances as Balance[]).find((b) => b.currency === 'USD');
      return line ?? { currency: 'USD', available: { amount: 0 }, inEscrow: { amount: 0 } };
    }
  }, 180_000);

  it('a freelancer drafts a proposal, edits it in its card, and submits it', async () => {
    const context = await browser.newContext({ viewport: { width: 414, height: 896 } });
    const page = await signIn(context, /Demo freelancer/);
    const projectId = await openProjectWithoutProposal(server.databaseUrl);
    await send(page, `draft a proposal for ${projectId}`);
    const card = page.locator('[data-card="proposal"]');
    await card.waitFor();
    const letter = card.getByLabel('Cover letter');
    expect((await letter.inputValue()).length).toBeGreaterThan(50);
    await letter.fill(`${await letter.inputValue()}\n\nP.S. I can start on Monday.`);
    await card.getByRole('button', { name: 'Submit proposal' }).click();
    const done = card.getByText(/Proposal prp_[0-9a-z]+ submitted/);
    await done.waitFor();
    const proposalId = /prp_[0-9a-z]+/.exec((await done.textContent()) ?? '')?.[0];
    // The edited letter is what was stored (read from the database: the check is outside the product).
    const db = createClient({ url: server.databaseUrl });
    const row = (
      await db.execute({
        sql: 'SELECT project_id, cover_letter FROM proposals WHERE id = ?',
        args: [proposalId ?? ''],
      })
    ).rows[0];
    db.close();
    expect(row?.project_id).toBe(projectId);
    expect(String(row?.cover_letter)).toMatch(/P\.S\. I can start on Monday\.$/);
    await page.screenshot({ path: `${SHOTS}/6-proposal-submitted.png`, fullPage: true });
    await context.close();
  }, 120_000);

  it('an admin opens the dashboard and the charts render', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await signIn(context, /Demo admin/);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/admin/);
    for (const chart of ['kpis', 'risk', 'risk-trend', 'exposures']) {
      await page.locator(`[data-chart="${chart}"] svg.recharts-surface`).first().waitFor({ timeout: 30_000 });
    }
    // count() does not wait: wait for the first of each, as a chart may draw its surface before its shapes.
    await page.locator('.recharts-line-curve').first().waitFor();
    await page.locator('.recharts-pie-sector').first().waitFor();
    expect(await page.locator('.recharts-line-curve').count()).toBeGreaterThan(0);
    expect(await page.locator('.recharts-pie-sector').count()).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: 'Alert queue' }).count()).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/5-admin-dashboard.png`, fullPage: true });
    await context.close();
  }, 120_000);

  it('serves statically generated hire pages with counts from the database, listed in sitemap.xml', async () => {
    const sitemap = await (await fetch(`${server.base}/sitemap.xml`)).text();
    const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] ?? '');
    const hire = urls.filter((u) => u.includes('/hire/'));
    expect(hire.length).toBeGreaterThan(10);
    const [skill, industry] = new URL(hire[0] ?? '').pathname.split('/').slice(2);
    const db = createClient({ url: server.databaseUrl });
    const expected = await hirePage(db, skill ?? '', industry ?? '');
    db.close();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.base}/hire/${skill}/${industry}`);
    await expect(page.getByTestId('hire-count').textContent()).resolves.toContain(
      `${expected?.freelancers} active`,
    );
    await context.close();
  }, 60_000);
});

/** A milestone of demo-client's active contract that is not funded yet (from the seed). */
async function plannedMilestone(url: string): Promise<{ id: string; amount: number }> {
  const db = createClient({ url });
  try {
    const rs = await db.execute(
      `SELECT m.id, m.amount_minor FROM milestones m JOIN contracts c ON c.id = m.contract_id
        JOIN users u ON u.id = c.client_id
        WHERE u.handle = 'demo-client' AND c.status = 'active' AND m.status = 'planned' AND m.currency = 'USD'
        ORDER BY m.position LIMIT 1`,
    );
    const row = rs.rows[0];
    if (!row) throw new Error('the seed has no planned milestone for demo-client');
    return { id: String(row.id), amount: Number(row.amount_minor) };
  } finally {
    db.close();
  }
}

/** An open project demo-freelancer has not proposed on, in their own category. */
async function openProjectWithoutProposal(url: string): Promise<string> {
  const db = createClient({ url });
  try {
    const rs = await db.execute(
      `SELECT p.id FROM projects p, users f JOIN freelancer_profiles fp ON fp.user_id = f.id
        WHERE f.handle = 'demo-freelancer' AND p.status = 'open' AND p.category = fp.category
          AND NOT EXISTS (SELECT 1 FROM proposals x WHERE x.project_id = p.id AND x.freelancer_id = f.id)
        ORDER BY p.id LIMIT 1`,
    );
    const id = rs.rows[0]?.id;
    if (!id) throw new Error('the seed has no open project for demo-freelancer to propose on');
    return String(id);
  } finally {
    db.close();
  }
}
