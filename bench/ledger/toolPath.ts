/**
 * The bench's `tool` mode: money moved the way the product moves it. Every measured request is a call of
 * the real dispatcher over the real catalog (tools/dispatcher.ts + tools/index.ts) on the real `db.write`
 * group commit: for fund, release and the mixed run, `dispatcher.confirm` of a pending fund_milestone /
 * approve_milestone asked for beforehand (the confirm is the call that moves the money: role check,
 * validation, the action's claim, the tool's checks and its transfer, the idempotency receipt, the
 * action's resolution and the audit row, in one savepoint of a shared transaction); for replay, the same
 * `dispatcher.call` again, which answers from the stored receipt. Asking (`dispatcher.call` → pending
 * action) happens while the run is prepared, not measured.
 */
import type { Db } from '../../db/client';
import { run } from '../../db/sql';
import { depositTx, makeParties, NOW, type Parties } from '../../tests/money/support/world';
import type { Actor } from '../../tools/define';
import { type CallResult, Dispatcher } from '../../tools/dispatcher';
import { catalog } from '../../tools/index';

export type ToolOp = 'fund' | 'release' | 'replay' | 'mixed-10%-refused';

export interface ToolRequest {
  key: string;
  /** The call this request measures. */
  send(): Promise<CallResult<{ transferId?: string }>>;
  /** The refusal it must get, or undefined when it must succeed. */
  refusal?: string;
  /** True when it must be answered as a replay (no new transfer). */
  replay?: boolean;
}

const CLIENTS = 8;
const FREELANCERS = 8;
const AMOUNT = 10_000;

const actorOf = (id: string): Actor => ({ id, role: 'client', displayName: id });

/** A dispatcher over the whole catalog on `db`, with the milestones, wallets and pending actions `op` needs. */
export async function prepareToolRun(
  db: Db,
  op: ToolOp,
  n: number,
): Promise<{ dispatcher: Dispatcher; requests: ToolRequest[] }> {
  const dispatcher = new Dispatcher({ db, tools: catalog });
  // One extra client with an empty wallet: its fundings are refused with INSUFFICIENT_FUNDS.
  const p = await makeParties(db, { clients: CLIENTS + 1, freelancers: FREELANCERS, tag: 'bench' });
  await db.write(async (tx) => {
    for (const clientId of p.clients.slice(0, CLIENTS))
      await depositTx(tx, { clientId, currency: 'USD', amount: n * AMOUNT * 2 });
  });

  const ask = async (clientId: string, tool: string, input: Record<string, unknown>) => {
    const res = await dispatcher.call({ actor: actorOf(clientId), channel: 'bench', tool, input });
    if (res.ok || !res.error.pendingAction) throw new Error(`${tool} was not held: ${JSON.stringify(res)}`);
    return res.error.pendingAction.id;
  };
  const confirm = (clientId: string, actionId: string) =>
    dispatcher.confirm<{ transferId?: string }>(actorOf(clientId), actionId, 'bench');
  const must = async (res: Promise<CallResult>) => {
    const r = await res;
    if (!r.ok) throw new Error(`bench setup: ${JSON.stringify(r.error)}`);
  };

  const funds = (tag: string, count: number, clientIdx?: number) => milestones(db, p, tag, count, clientIdx);
  const fundInput = (m: Made, tag: string) => ({ milestoneId: m.id, idempotencyKey: `bench:${tag}:${m.i}` });
  /** Funds the milestones through the tools (call + confirm), as the setup of release and replay. */
  const fundAll = async (ms: Made[], tag: string) => {
    const ids = await Promise.all(ms.map((m) => ask(m.clientId, 'fund_milestone', fundInput(m, tag))));
    await Promise.all(ms.map((m, i) => must(confirm(m.clientId, ids[i]!))));
  };

  let requests: ToolRequest[] = [];
  switch (op) {
    case 'fund': {
      const ms = await funds('fund', n);
      const ids = await Promise.all(ms.map((m) => ask(m.clientId, 'fund_milestone', fundInput(m, 'fund'))));
      requests = ms.map((m, i) => ({ key: `bench:fund:${m.i}`, send: () => confirm(m.clientId, ids[i]!) }));
      break;
    }
    case 'release': {
      const ms = await funds('rel', n);
      await fundAll(ms, 'pre');
      const input = (m: Made) => ({ milestoneId: m.id, idempotencyKey: `bench:rel:${m.i}` });
      const ids = await Promise.all(ms.map((m) => ask(m.clientId, 'approve_milestone', input(m))));
      requests = ms.map((m, i) => ({ key: `bench:rel:${m.i}`, send: () => confirm(m.clientId, ids[i]!) }));
      break;
    }
    case 'replay': {
      const ms = await funds('rep', n);
      await fundAll(ms, 'rep');
      requests = ms.map((m) => ({
        key: `bench:rep:${m.i}`,
        replay: true,
        send: () =>
          dispatcher.call({
            actor: actorOf(m.clientId),
            channel: 'bench',
            tool: 'fund_milestone',
            input: fundInput(m, 'rep'),
          }),
      }));
      break;
    }
    case 'mixed-10%-refused': {
      // Half fund, half release; every tenth request is refused at confirm time: alternately a funding
      // from the empty wallet (INSUFFICIENT_FUNDS) and a second approval of a milestone whose first
      // approval was confirmed after both were asked (CONFLICT: nothing left in escrow).
      const kinds = Array.from({ length: n }, (_, i) =>
        i % 10 === 0 ? ((i / 10) % 2 === 0 ? 'broke' : 'again') : i % 2 === 0 ? 'fund' : 'release',
      );
      const count = (...k: string[]) => kinds.filter((x) => k.includes(x)).length;
      const toFund = await funds('mixf', count('fund'));
      const toRelease = await funds('mixr', count('release', 'again'));
      const broke = await funds('mixe', count('broke'), CLIENTS);
      await fundAll(toRelease, 'mixpre');
      const relInput = (m: Made, k: string) => ({ milestoneId: m.id, idempotencyKey: `bench:${k}:${m.i}` });
      let f = 0;
      let r = 0;
      let b = 0;
      for (let i = 0; i < n; i++) {
        if (kinds[i] === 'broke') {
          const m = broke[b++]!;
          const id = await ask(m.clientId, 'fund_milestone', fundInput(m, 'mixe'));
          requests.push({
            key: `bench:mixe:${m.i}`,
            refusal: 'INSUFFICIENT_FUNDS',
            send: () => confirm(m.clientId, id),
          });
        } else if (kinds[i] === 'again') {
          const m = toRelease[r++]!;
          const first = await ask(m.clientId, 'approve_milestone', relInput(m, 'mixa'));
          const second = await ask(m.clientId, 'approve_milestone', relInput(m, 'mixb'));
          await must(confirm(m.clientId, first));
          requests.push({
            key: `bench:mixb:${m.i}`,
            refusal: 'CONFLICT',
            send: () => confirm(m.clientId, second),
          });
        } else if (kinds[i] === 'fund') {
          const m = toFund[f++]!;
          const id = await ask(m.clientId, 'fund_milestone', fundInput(m, 'mixf'));
          requests.push({ key: `bench:mixf:${m.i}`, send: () => confirm(m.clientId, id) });
        } else {
          const m = toRelease[r++]!;
          const id = await ask(m.clientId, 'approve_milestone', relInput(m, 'mixr'));
          requests.push({ key: `bench:mixr:${m.i}`, send: () => confirm(m.clientId, id) });
        }
      }
      break;
    }
  }
  // What the asking left in the audit buffer is written before the clock starts.
  await dispatcher.flush();
  return { dispatcher, requests };
}

interface Made {
  i: number;
  id: string;
  clientId: string;
}

/** `count` active, unfunded milestones spread over the clients' contracts (or all on client `clientIdx`). */
async function milestones(
  db: Db,
  p: Parties,
  tag: string,
  count: number,
  clientIdx?: number,
): Promise<Made[]> {
  const made: Made[] = [];
  for (let start = 0; start < count; start += 1000) {
    await db.write(async (tx) => {
      for (let i = start; i < Math.min(count, start + 1000); i++) {
        const c = clientIdx ?? i % CLIENTS;
        const contractId = p.contracts[c]![Math.floor(i / CLIENTS) % FREELANCERS]!;
        const id = `mst_${tag}_${i}`;
        await run(
          tx,
          `INSERT INTO milestones (id, project_id, contract_id, position, title, amount_minor, currency, status, created_at)
           VALUES (?, ?, ?, 1, 'Bench milestone', ?, 'USD', 'active', ?)`,
          [id, p.projectOf.get(contractId)!, contractId, AMOUNT, NOW.toISOString()],
        );
        made.push({ i, id, clientId: p.clients[c]! });
      }
    });
  }
  return made;
}
