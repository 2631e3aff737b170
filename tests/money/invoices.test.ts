import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHold, releaseHold } from '../../db/queries/holds';
import { issueInvoiceForRelease } from '../../db/queries/invoices';
import { ledgerViolations } from '../../db/queries/ledger';
import { all, one } from '../../db/sql';
import { SandboxPaymentProvider, setPaymentProvider } from '../../payments/index';
import type { ContractView } from '../../tools/contracts/schemas';
import type { CallResult } from '../../tools/dispatcher';
import type { ErrorCode } from '../../tools/errors';
import { setFeeTiers } from '../../tools/money/fees';
import type { InvoiceView } from '../../tools/money/schemas';
import type { ProjectView } from '../../tools/shared/schemas';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Approved = { holdId: string; transferId: string; invoice: { id: string; number: string } };
type Invoice = { invoice: InvoiceView; text: string; html: string };
type InvoiceList = { total: number; invoices: { id: string; number: string; total: { amount: number } }[] };

describe.each(BACKENDS)('invoices on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
    setPaymentProvider(new SandboxPaymentProvider());
    setFeeTiers('0:1000,100000:700,1000000:500');
  });
  afterAll(async () => {
    await env.close();
  });

  const call = <T>(user: TestUser, tool: string, input: unknown) =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });
  async function confirmed<T>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> {
    const res = await call<T>(user, tool, input);
    if (res.ok || res.error.code !== 'NEEDS_CONFIRMATION') return res;
    return env.rt.dispatcher.confirm<T>(user.actor, res.error.pendingAction!.id, 'test');
  }
  async function ok<T>(user: TestUser, tool: string, input: unknown): Promise<T> {
    const res = await confirmed<T>(user, tool, input);
    if (!res.ok) throw new Error(`${tool} failed: ${JSON.stringify(res.error)}`);
    return res.data;
  }
  async function refused(res: CallResult, code: ErrorCode) {
    expect(res.ok, `should fail with ${code}`).toBe(false);
    if (res.ok) throw new Error('unreachable');
    expect(res.error.code, res.error.message).toBe(code);
  }
  const seqOf = (number: string) => Number(number.split('-')[2]);

  async function hire(
    milestones: { title: string; amount: number }[],
    names: { client?: string; freelancer?: string; project?: string } = {},
  ) {
    const client = await makeUser(env.rt, 'client', { name: names.client ?? 'Casey Client' });
    const freelancer = await makeUser(env.rt, 'freelancer', { name: names.freelancer ?? 'Frida Freelancer' });
    const project = await ok<ProjectView>(
      client,
      'create_project',
      projectInput(names.project ? { title: names.project } : {}),
    );
    const total = milestones.reduce((s, m) => s + m.amount, 0);
    const proposal = await ok<{ id: string }>(freelancer, 'submit_proposal', {
      projectId: project.id,
      coverLetter: 'I can do this well and on time, with weekly demos.',
      amount: { amount: total, currency: 'USD' },
      estimatedWeeks: 6,
      milestones: milestones.map((m) => ({
        ...m,
        amount: { amount: m.amount, currency: 'USD' },
        dueInWeeks: 2,
      })),
    });
    const contract = await ok<ContractView>(client, 'accept_proposal', { proposalId: proposal.id });
    await ok(client, 'deposit', {
      amount: { amount: total, currency: 'USD' },
      idempotencyKey: `dep-${contract.id}`,
    });
    return { client, freelancer, contract, ids: contract.milestones.map((m) => m.id) };
  }

  async function fundAndApprove(client: TestUser, milestoneId: string, amount?: number) {
    await ok(client, 'fund_milestone', { milestoneId });
    return ok<Approved>(client, 'approve_milestone', {
      milestoneId,
      ...(amount ? { amount: { amount, currency: 'USD' } } : {}),
    });
  }

  it('issues an invoice on every release, shown to each party as theirs', async () => {
    const { client, freelancer, contract, ids } = await hire([
      { title: 'Design', amount: 120_000 },
      { title: 'Build', amount: 80_000 },
    ]);
    const approved = await fundAndApprove(client, ids[0]!);
    const forFreelancer = await ok<Invoice>(freelancer, 'get_invoice', { invoiceId: approved.invoice.id });
    // Contract worth $2,000.00 → the 7% tier: $1,200.00 released, $84.00 fee, $1,116.00 paid.
    expect(forFreelancer.invoice).toMatchObject({
      id: approved.invoice.id,
      number: approved.invoice.number,
      source: 'milestone',
      contractId: contract.id,
      milestoneId: ids[0],
      transferId: approved.transferId,
      seller: { id: freelancer.actor.id, name: 'Frida Freelancer', country: 'US', taxId: null },
      buyer: { id: client.actor.id, name: 'Casey Client', country: 'US', taxId: null },
      currency: 'USD',
      subtotal: { amount: 120_000 },
      tax: { label: null, rateBps: 0, amount: { amount: 0 } },
      total: { amount: 120_000, display: '$1,200.00' },
      platformFee: { amount: 8_400 },
      netToFreelancer: { amount: 111_600, display: '$1,116.00' },
    });
    expect(forFreelancer.invoice.lines.map((l) => [l.kind, l.description, l.amount.amount])).toEqual([
      ['work', 'Milestone 1: Design', 120_000],
      ['platform_fee', 'Platform fee (7% of $1,200.00)', -8_400],
    ]);
    expect(forFreelancer.text).toContain(`INVOICE ${approved.invoice.number}`);
    expect(forFreelancer.text).toMatch(/Paid to the freelancer\s+\$1,116\.00/);

    // The client's copy leaves out the freelancer's fee; found by number too.
    const forClient = await ok<Invoice>(client, 'get_invoice', {
      invoiceId: approved.invoice.number.toLowerCase(),
    });
    expect(forClient.invoice.lines.map((l) => l.kind)).toEqual(['work']);
    expect(forClient.invoice).toMatchObject({
      platformFee: null,
      netToFreelancer: null,
      total: { amount: 120_000 },
    });
    expect(forClient.text).not.toMatch(/fee/i);
    expect(forClient.html).not.toMatch(/fee/i);

    const admin = await makeUser(env.rt, 'admin');
    expect(
      (await ok<Invoice>(admin, 'get_invoice', { invoiceId: approved.invoice.id })).invoice.platformFee,
    ).toEqual(expect.objectContaining({ amount: 8_400 }));
    await refused(
      await call(await makeUser(env.rt, 'client'), 'get_invoice', { invoiceId: approved.invoice.id }),
      'FORBIDDEN',
    );
    await refused(
      await call(await makeUser(env.rt, 'freelancer'), 'get_invoice', { invoiceId: approved.invoice.id }),
      'FORBIDDEN',
    );
    await refused(await call(client, 'get_invoice', { invoiceId: 'inv_missing' }), 'NOT_FOUND');

    // A partial release is its own invoice, with the next number.
    const partial = await fundAndApprove(client, ids[1]!, 30_000);
    expect(seqOf(partial.invoice.number)).toBe(seqOf(approved.invoice.number) + 1);
    const p = await ok<Invoice>(freelancer, 'get_invoice', { invoiceId: partial.invoice.id });
    expect(p.invoice.lines[0]).toMatchObject({
      description: 'Milestone 2: Build (partial release)',
      amount: { amount: 30_000 },
    });

    const mine = await ok<InvoiceList>(freelancer, 'list_invoices', {});
    expect(mine.total).toBe(2);
    expect(mine.invoices.map((i) => i.number)).toEqual([partial.invoice.number, approved.invoice.number]);
    expect((await ok<InvoiceList>(client, 'list_invoices', { contractId: contract.id })).total).toBe(2);
    expect((await ok<InvoiceList>(await makeUser(env.rt, 'client'), 'list_invoices', {})).total).toBe(0);
    expect((await ok<InvoiceList>(admin, 'list_invoices', { contractId: contract.id })).total).toBe(2);

    await expect(
      env.rt.db.write((tx) =>
        tx.execute({ sql: 'UPDATE invoices SET total_minor = 1 WHERE id = ?', args: [approved.invoice.id] }),
      ),
    ).rejects.toThrow(/immutable/);
  });

  it('escapes everything people typed in the HTML form', async () => {
    const { client, freelancer, ids } = await hire(
      [{ title: `<img src=x onerror=alert('x')>`, amount: 10_000 }],
      {
        client: '<b>Casey</b> & "Co"',
        freelancer: 'Frida <script>alert(1)</script>',
        project: 'Dashboard </title><script>steal()</script>',
      },
    );
    const approved = await fundAndApprove(client, ids[0]!);
    const { html, text, invoice } = await ok<Invoice>(freelancer, 'get_invoice', {
      invoiceId: approved.invoice.id,
    });
    expect(html).not.toMatch(/<script|<img|<b>|<\/title><script/);
    expect(html).toContain('Frida &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Casey&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(html).toContain('Milestone 1: &lt;img src=x onerror=alert(&#39;x&#39;)&gt;');
    expect(html).toContain('Dashboard &lt;/title&gt;&lt;script&gt;steal()&lt;/script&gt;');
    expect(html.match(/<script/g)).toBeNull();
    // The structured data and the plain text keep the names as typed.
    expect(invoice.seller.name).toBe('Frida <script>alert(1)</script>');
    expect(text).toContain(`Milestone 1: <img src=x onerror=alert('x')>`);
  });

  it('numbers invoices without gaps or repeats under 20 concurrent releases', async () => {
    const milestones = Array.from({ length: 20 }, (_, i) => ({ title: `Part ${i + 1}`, amount: 5_000 + i }));
    const { client, ids } = await hire(milestones);
    await Promise.all(ids.map((milestoneId) => ok(client, 'fund_milestone', { milestoneId })));
    const asked = await Promise.all(
      ids.map(async (milestoneId) => {
        const res = await call(client, 'approve_milestone', { milestoneId });
        if (res.ok || !res.error.pendingAction) throw new Error('expected a pending action');
        return res.error.pendingAction.id;
      }),
    );
    const before = await one<{ last_seq: number }>(
      env.rt.db.reader,
      'SELECT last_seq FROM invoice_counters WHERE year = 2026',
    );
    const results = await Promise.all(
      asked.map((id) => env.rt.dispatcher.confirm<Approved>(client.actor, id, 'test')),
    );
    const numbers = results.map((r) => {
      if (!r.ok) throw new Error(r.error.message);
      return r.data.invoice.number;
    });
    const seqs = numbers.map(seqOf).sort((a, b) => a - b);
    const first = Number(before?.last_seq ?? 0) + 1;
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => first + i));
    expect(new Set(numbers).size).toBe(20);
    const stored = await all<{ seq: number }>(
      env.rt.db.reader,
      'SELECT seq FROM invoices WHERE year = 2026 ORDER BY seq',
    );
    expect(stored.map((r) => Number(r.seq))).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('gives a rolled-back number back, carries tax fields, and restarts numbering each year', async () => {
    const { client, contract, ids } = await hire([
      { title: 'Taxed', amount: 12_000 },
      { title: 'Next year', amount: 10_000 },
    ]);
    const clientId = client.actor.id;
    const hold = (amount: number, tag: string) => ({
      contractId: contract.id,
      period: tag,
      clientId,
      freelancerId: contract.freelancerId,
      currency: 'USD',
      amount,
      actorId: clientId,
      now: env.clock.now(),
    });
    const last = async () =>
      Number(
        (await one<{ s: number }>(env.rt.db.reader, 'SELECT max(seq) AS s FROM invoices WHERE year = 2026'))
          ?.s ?? 0,
      );
    const before = await last();

    // A release whose transaction fails takes its invoice number with it.
    await expect(
      env.rt.db.write(async (tx) => {
        const { hold: h } = await openHold(tx, hold(1_000, 'rolled-back'));
        const r = await releaseHold(tx, {
          holdId: h.id,
          amount: 1_000,
          fee: 0,
          actorId: clientId,
          now: env.clock.now(),
        });
        const inv = await issueInvoiceForRelease(tx, {
          source: 'hourly',
          contractId: contract.id,
          holdId: h.id,
          transferId: r.transfer.transferId,
          currency: 'USD',
          lines: [{ description: 'Week 47', amount: 1_000 }],
          fee: 0,
          now: env.clock.now(),
        });
        expect(seqOf(inv.invoice.number)).toBe(before + 1);
        throw new Error('crash after issuing');
      }),
    ).rejects.toThrow(/crash after issuing/);
    expect(await last()).toBe(before);

    // VAT included in the total: 20% of 12,000 → 2,000 tax, 10,000 subtotal.
    const issued = await env.rt.db.write(async (tx) => {
      const { hold: h } = await openHold(tx, hold(12_000, 'taxed'));
      const r = await releaseHold(tx, {
        holdId: h.id,
        amount: 12_000,
        fee: 1_200,
        actorId: clientId,
        now: env.clock.now(),
      });
      return issueInvoiceForRelease(tx, {
        source: 'hourly',
        contractId: contract.id,
        holdId: h.id,
        transferId: r.transfer.transferId,
        currency: 'USD',
        lines: [{ description: 'Week 48: 2.5 h', quantity: '2.5 h', unitAmount: 4_800, amount: 12_000 }],
        fee: 1_200,
        feeBps: 1000,
        tax: { label: 'VAT', rateBps: 2000 },
        buyerTaxId: 'DE123456789',
        now: env.clock.now(),
      });
    });
    expect(issued.invoice).toMatchObject({
      number: `INV-2026-${String(before + 1).padStart(6, '0')}`,
      subtotal_minor: 10_000,
      tax_minor: 2_000,
      total_minor: 12_000,
      fee_minor: 1_200,
      net_minor: 10_800,
      buyer_tax_id: 'DE123456789',
    });
    const view = await ok<Invoice>(client, 'get_invoice', { invoiceId: issued.invoice.id });
    expect(view.invoice.tax).toEqual({
      label: 'VAT',
      rateBps: 2000,
      amount: { amount: 2_000, currency: 'USD', display: '$20.00' },
    });
    expect(view.invoice.buyer.taxId).toBe('DE123456789');
    expect(view.invoice.lines).toEqual([
      expect.objectContaining({ quantity: '2.5 h', unitAmount: expect.objectContaining({ amount: 4_800 }) }),
    ]);
    expect(view.html).toContain('VAT (20%, included)');
    expect(view.html).toContain('Tax id DE123456789');

    env.clock.current = new Date('2027-01-01T00:00:01.000Z');
    const next = await fundAndApprove(client, ids[1]!);
    expect(next.invoice.number).toBe('INV-2027-000001');
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });
});
