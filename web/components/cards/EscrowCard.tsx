import { asArray, asRecord, isMoney, showMoney, str } from '../../lib/format';

const Amount = ({ v }: { v: unknown }) => <>{isMoney(v) ? showMoney(v) : '—'}</>;

/** Escrow for one milestone (fund / approve) or the wallet's balances. */
export function EscrowCard({ tool, data }: { tool: string; data: unknown }) {
  const d = asRecord(data);
  if (tool === 'wallet_balance') {
    const lines = asArray(d.balances).map(asRecord);
    return (
      <article className="card" aria-label="Wallet" data-card="wallet">
        <h3>Wallet</h3>
        {lines.length === 0 ? <p className="muted">No money yet.</p> : null}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Available</th>
                <th scope="col">In escrow</th>
                <th scope="col">Pending payouts</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={str(l.currency)}>
                  <td>{str(l.currency)}</td>
                  <td data-testid={`available-${str(l.currency)}`}>
                    <Amount v={l.available} />
                  </td>
                  <td>
                    <Amount v={l.inEscrow} />
                  </td>
                  <td>
                    <Amount v={l.pendingPayouts} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </article>
    );
  }
  const m = asRecord(d.milestone);
  return (
    <article className="card" aria-label="Escrow" data-card="escrow">
      <h3>
        {str(m.title, 'Milestone')} <span className="badge ok">{str(m.status, str(d.escrowStatus))}</span>
      </h3>
      <dl>
        <dt>Held in escrow</dt>
        <dd>
          <Amount v={d.held} />
        </dd>
        <dt>Released</dt>
        <dd>
          <Amount v={d.releasedNow ?? d.released} />
        </dd>
        <dt>Remaining</dt>
        <dd>
          <Amount v={d.remaining} />
        </dd>
        {d.walletBalance ? (
          <>
            <dt>Your wallet now</dt>
            <dd>
              <Amount v={d.walletBalance} />
            </dd>
          </>
        ) : null}
        {d.invoice ? (
          <>
            <dt>Invoice</dt>
            <dd>{str(asRecord(d.invoice).number)}</dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}
