'use client';
import { useId, useState } from 'react';
import { minorExponent } from '../../../db/currency';
import { callTool } from '../../lib/api';
import { asRecord, isMoney, showMoney, str } from '../../lib/format';

/** A drafted proposal the freelancer can edit, then submit (submit_proposal) — nothing is sent before. */
export function ProposalCard({ data }: { data: unknown }) {
  const d = asRecord(data);
  const base = asRecord(d.submitProposalInput);
  const amount = isMoney(d.amount) ? d.amount : null;
  const digits = amount ? minorExponent(amount.currency) : 2;
  const [letter, setLetter] = useState(str(d.coverLetter));
  const [price, setPrice] = useState(amount ? String(amount.amount / 10 ** digits) : '');
  const [weeks, setWeeks] = useState(str(d.estimatedWeeks));
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'sent' | 'error'; message?: string }>({
    kind: 'idle',
  });
  const id = useId();
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!amount) return;
    setState({ kind: 'busy' });
    const minor = Math.round(Number(price) * 10 ** digits);
    const changedPrice = minor !== amount.amount;
    const r = await callTool<{ id: string }>('submit_proposal', {
      ...base,
      projectId: str(d.projectId),
      coverLetter: letter,
      amount: { amount: minor, currency: amount.currency },
      estimatedWeeks: Number(weeks),
      // Milestones were drafted to add up to the drafted price; a new price drops them.
      milestones: changedPrice ? [] : (base.milestones ?? []),
    });
    if (r.data) setState({ kind: 'sent', message: `Proposal ${r.data.id} submitted.` });
    else setState({ kind: 'error', message: r.error?.message ?? r.pending?.message ?? 'Not submitted.' });
  }
  return (
    <article className="card" aria-label="Proposal draft" data-card="proposal">
      <h3>
        Proposal draft <span className="badge">not sent</span>
      </h3>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-letter`}>Cover letter</label>
        <textarea
          id={`${id}-letter`}
          rows={8}
          value={letter}
          onChange={(e) => setLetter(e.target.value)}
          disabled={state.kind === 'sent'}
        />
        <div className="grid">
          <div>
            <label htmlFor={`${id}-price`}>
              {d.pricing === 'hourly' ? 'Hourly rate' : 'Price'} ({amount?.currency ?? ''})
            </label>
            <input
              id={`${id}-price`}
              inputMode="decimal"
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              disabled={state.kind === 'sent'}
            />
          </div>
          <div>
            <label htmlFor={`${id}-weeks`}>Weeks</label>
            <input
              id={`${id}-weeks`}
              inputMode="numeric"
              value={weeks}
              onChange={(e) => setWeeks(e.target.value)}
              disabled={state.kind === 'sent'}
            />
          </div>
        </div>
        {amount ? <p className="muted">Drafted at {showMoney(amount)}.</p> : null}
        <div className="row">
          <button className="primary" type="submit" disabled={state.kind === 'busy' || state.kind === 'sent'}>
            Submit proposal
          </button>
          <span role="status" className={state.kind === 'error' ? 'error' : 'muted'}>
            {state.message ?? ''}
          </span>
        </div>
      </form>
    </article>
  );
}
