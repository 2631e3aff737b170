'use client';
import { useState } from 'react';
import { callTool } from '../../lib/api';
import { asArray, asRecord, isMoney, showMoney, str } from '../../lib/format';

/**
 * Freelancers from a match or a search, each with its score and reasons and an Invite button. The
 * shape is read loosely (results / freelancers / matches; name / displayName) so a tool's later fields
 * still render.
 */
export function ShortlistCard({ data, input }: { data: unknown; input: unknown }) {
  const d = asRecord(data);
  const list = asArray(d.results ?? d.freelancers ?? d.matches ?? d.shortlist).map(asRecord);
  const projectId = str(d.projectId ?? asRecord(input).projectId);
  return (
    <article className="card" aria-label="Shortlist" data-card="shortlist">
      <h3>
        {list.length} freelancer{list.length === 1 ? '' : 's'}
        {typeof (d.total ?? d.candidates) === 'number' ? (
          <span className="muted"> from {String(d.total ?? d.candidates)} candidates</span>
        ) : null}
      </h3>
      <ol className="shortlist">
        {list.map((f, i) => (
          <Freelancer key={str(f.freelancerId ?? f.id ?? f.userId, String(i))} f={f} projectId={projectId} />
        ))}
      </ol>
    </article>
  );
}

function Freelancer({ f, projectId }: { f: Record<string, unknown>; projectId: string }) {
  const id = str(f.freelancerId ?? f.userId ?? f.id);
  const name = str(f.name ?? f.displayName, id);
  const reasons = asArray(f.reasons).map((r) =>
    typeof r === 'string' ? r : str(asRecord(r).reason ?? asRecord(r).text),
  );
  const rate = f.hourlyRate ?? f.rate;
  const score = typeof f.score === 'number' ? f.score : null;
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');
  const [message, setMessage] = useState('');
  async function invite() {
    setState('busy');
    const r = await callTool('invite_freelancer', { projectId, freelancerId: id });
    if (r.data) {
      setState('done');
      setMessage(`Invited ${name}.`);
    } else {
      setState('error');
      setMessage(r.error?.message ?? r.pending?.message ?? 'Could not invite.');
    }
  }
  return (
    <li>
      <strong>{name}</strong>
      {score !== null ? (
        <span className="score" title="Match score">
          {' '}
          {score <= 1 ? Math.round(score * 100) : Math.round(score)}
          <span className="sr-only"> out of 100</span>
        </span>
      ) : null}
      {f.headline ? <div className="muted">{str(f.headline)}</div> : null}
      <div className="row muted">
        {typeof f.rating === 'number' ? <span>★ {f.rating.toFixed(1)}</span> : null}
        {isMoney(rate) ? <span>{showMoney(rate)}/h</span> : null}
        {f.availability ? <span>{str(f.availability).replace('_', ' ')}</span> : null}
      </div>
      {reasons.length > 0 ? (
        <ul>
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {projectId && id ? (
        <div className="row">
          <button type="button" onClick={invite} disabled={state === 'busy' || state === 'done'}>
            {state === 'done' ? 'Invited' : `Invite ${name}`}
          </button>
          <span role="status" className={state === 'error' ? 'error' : 'muted'}>
            {message}
          </span>
        </div>
      ) : null}
    </li>
  );
}
