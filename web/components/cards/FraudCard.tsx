import { asArray, asRecord, str } from '../../lib/format';

const BAND_CLASS: Record<string, string> = { low: 'badge ok', medium: 'badge warn', high: 'badge danger' };
const Band = ({ band }: { band: unknown }) => (
  <span className={BAND_CLASS[str(band)] ?? 'badge'}>{str(band)}</span>
);

/** Fraud risk for admins: one account's live score, the alert queue, or the overview. */
export function FraudCard({ tool, data }: { tool: string; data: unknown }) {
  const d = asRecord(data);
  if (tool === 'list_risk_alerts') {
    const alerts = asArray(d.alerts).map(asRecord);
    return (
      <article className="card" aria-label="Risk alerts" data-card="fraud">
        <h3>
          Risk alerts <span className="muted">({str(d.total, String(alerts.length))})</span>
        </h3>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Score</th>
                <th scope="col">Band</th>
                <th scope="col">Why</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {alerts.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    No alerts: nothing waits for review.
                  </td>
                </tr>
              ) : null}
              {alerts.map((a) => (
                <tr key={str(a.id)}>
                  <td>
                    {str(a.displayName)}
                    <div className="muted">{str(a.role)}</div>
                  </td>
                  <td className="score">{str(a.score)}</td>
                  <td>
                    <Band band={a.band} />
                  </td>
                  <td>
                    {asArray(a.reasons)
                      .slice(0, 3)
                      .map((r) => str(asRecord(r).reason))
                      .join('; ')}
                  </td>
                  <td>{str(a.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </article>
    );
  }
  if (tool === 'fraud_overview') {
    const a = asRecord(d.assessments);
    const byBand = asRecord(a.byBand);
    const alerts = asRecord(asRecord(d.alerts).byStatus);
    return (
      <article className="card" aria-label="Fraud overview" data-card="fraud">
        <h3>
          Fraud overview <span className="muted">{`${str(d.from)} – ${str(d.to)}`}</span>
        </h3>
        <div className="table-wrap">
          <table>
            <tbody>
              <tr>
                <th scope="row">Assessments</th>
                <td>
                  {str(a.total)} (low {str(byBand.low)}, medium {str(byBand.medium)}, high {str(byBand.high)})
                </td>
              </tr>
              <tr>
                <th scope="row">Blocked / reviewed</th>
                <td>
                  {str(a.blocked)} / {str(a.reviewed)}
                </td>
              </tr>
              <tr>
                <th scope="row">Open alerts</th>
                <td>{str(alerts.open)}</td>
              </tr>
              <tr>
                <th scope="row">Suspended accounts</th>
                <td>{str(d.suspendedAccounts)}</td>
              </tr>
              <tr>
                <th scope="row">Top signals</th>
                <td>
                  {asArray(d.topSignals)
                    .slice(0, 5)
                    .map((s) => `${str(asRecord(s).signal)} (${str(asRecord(s).count)})`)
                    .join(', ')}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </article>
    );
  }
  const reasons = asArray(d.reasons).map(asRecord);
  return (
    <article className="card" aria-label="Risk assessment" data-card="fraud">
      <h3>
        Risk score <span className="score">{str(d.score)}</span> <Band band={d.band} />{' '}
        <span className="badge">{str(d.decision)}</span>
      </h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Points</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {reasons.map((r) => (
              <tr key={str(r.signal)}>
                <td>{str(r.signal)}</td>
                <td className="score">{str(r.points)}</td>
                <td>{str(r.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
