'use client';
import { useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { ErrorBody } from '../../lib/events';
import type { ConfirmItem } from '../../lib/turns';
import { ToolResult } from './ToolResult';

type State =
  | { kind: 'pending' }
  | { kind: 'busy' }
  | { kind: 'done'; data: unknown }
  | { kind: 'cancelled' }
  | { kind: 'error'; error: ErrorBody };

/**
 * A held money or admin action. Nothing has happened until the person presses Confirm here: the API
 * runs the stored call once, as them. Cancel drops it.
 */
export function ConfirmCard({ item }: { item: ConfirmItem }) {
  const [state, setState] = useState<State>(() => initial(item.status));
  const status = useRef<HTMLParagraphElement>(null);
  async function act(what: 'confirm' | 'cancel') {
    setState({ kind: 'busy' });
    const r = await api<unknown>(`/api/actions/${encodeURIComponent(item.actionId)}/${what}`, {});
    if (r.error) setState({ kind: 'error', error: r.error });
    else if (what === 'cancel') setState({ kind: 'cancelled' });
    else setState({ kind: 'done', data: r.data });
    // The buttons disappear; keep keyboard focus on the outcome rather than losing it to <body>.
    requestAnimationFrame(() => status.current?.focus());
  }
  const expires = new Date(item.expiresAt);
  return (
    <article className="card confirm" aria-label="Needs your confirmation" data-card="confirm">
      <h3>Needs your confirmation</h3>
      <p>{item.summary}</p>
      {state.kind === 'pending' || state.kind === 'busy' ? (
        <>
          <p className="muted">
            Nothing has happened yet. Expires at{' '}
            {Number.isNaN(expires.getTime()) ? item.expiresAt : expires.toLocaleTimeString()}.
          </p>
          <div className="row">
            <button
              className="primary"
              type="button"
              onClick={() => act('confirm')}
              disabled={state.kind === 'busy'}
            >
              Confirm
            </button>
            <button type="button" onClick={() => act('cancel')} disabled={state.kind === 'busy'}>
              Cancel
            </button>
          </div>
        </>
      ) : null}
      <p ref={status} tabIndex={-1} role="status" className={state.kind === 'error' ? 'error' : 'muted'}>
        {state.kind === 'done'
          ? 'Confirmed — done.'
          : state.kind === 'cancelled'
            ? 'Cancelled. Nothing happened.'
            : state.kind === 'error'
              ? state.error.message
              : ''}
      </p>
      {state.kind === 'done' && state.data ? (
        <ToolResult tool={item.tool} data={state.data} input={{}} />
      ) : null}
    </article>
  );
}

/** A replayed chat shows what became of the action since. */
function initial(status: ConfirmItem['status']): State {
  if (status === 'executed') return { kind: 'done', data: null };
  if (status === 'cancelled') return { kind: 'cancelled' };
  if (status === 'failed')
    return { kind: 'error', error: { code: 'FAILED', message: 'It was confirmed, but failed.' } };
  return { kind: 'pending' };
}
