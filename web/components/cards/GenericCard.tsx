import { asArray, asRecord, humanize, isMoney, showMoney, str } from '../../lib/format';

function scalar(v: unknown): string | null {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (isMoney(v)) return showMoney(v);
  return null;
}

/** Any other tool: its plain fields as a list, lists as their titles, and the full data one click away. */
export function GenericCard({ tool, data }: { tool: string; data: unknown }) {
  const d = asRecord(data);
  const entries = Object.entries(d);
  return (
    <article className="card" aria-label={humanize(tool)} data-card="generic">
      <h3>{humanize(tool)}</h3>
      <dl>
        {entries.map(([k, v]) => {
          const s = scalar(v);
          if (s !== null) return [<dt key={`${k}-t`}>{humanize(k)}</dt>, <dd key={`${k}-d`}>{s}</dd>];
          if (Array.isArray(v)) {
            const names = asArray(v)
              .slice(0, 8)
              .map((x) => {
                const r = asRecord(x);
                return scalar(x) ?? str(r.title ?? r.name ?? r.displayName ?? r.key ?? r.id, '…');
              });
            return [
              <dt key={`${k}-t`}>{humanize(k)}</dt>,
              <dd key={`${k}-d`}>
                {v.length === 0 ? 'none' : `${names.join(', ')}${v.length > 8 ? ', …' : ''}`}
              </dd>,
            ];
          }
          return null;
        })}
      </dl>
      <details>
        <summary>All data</summary>
        <pre style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: '0.8rem' }}>
          {JSON.stringify(data, null, 2)}
        </pre>
      </details>
    </article>
  );
}
