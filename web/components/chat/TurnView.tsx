'use client';
import { activityLabel } from '../../lib/labels';
import type { Item, Turn } from '../../lib/turns';
import { ConfirmCard } from '../cards/ConfirmCard';
import { ToolResult } from '../cards/ToolResult';

/**
 * One message. The assistant's is a live region that is busy while it streams, so a screen reader reads
 * the finished answer once instead of every fragment.
 */
export function TurnView({ turn, live }: { turn: Turn; live: boolean }) {
  if (turn.role === 'user') {
    const text = turn.items[0]?.kind === 'text' ? turn.items[0].text : '';
    return (
      <div className="msg user">
        <p className="bubble">
          <span className="sr-only">You: </span>
          {text}
        </p>
      </div>
    );
  }
  return (
    <div className="msg assistant" aria-live="polite" aria-busy={live} data-testid="assistant-turn">
      <span className="sr-only">Copilot:</span>
      {turn.items.map((item, i) => (
        <ItemView
          key={
            item.kind === 'text' || item.kind === 'notice'
              ? `${item.kind}-${i}`
              : `${item.kind}-${item.callId}`
          }
          item={item}
        />
      ))}
      {turn.error ? (
        <p className="bubble error" role="alert">
          {turn.error.message}
        </p>
      ) : null}
      {live && turn.items.length === 0 ? <p className="activity running">Thinking…</p> : null}
    </div>
  );
}

function ItemView({ item }: { item: Item }) {
  switch (item.kind) {
    case 'text':
      return <p className="bubble">{item.text}</p>;
    case 'confirm':
      return <ConfirmCard item={item} />;
    case 'notice':
      return <p className="activity">{item.text}</p>;
    case 'tool':
      if (item.status === 'running')
        return <p className="activity running">{activityLabel(item.tool, item.input)}</p>;
      // The finished step keeps its line (a fast tool may never have been painted as running).
      if (item.status === 'done')
        return (
          <>
            <p className="activity done">✓ {activityLabel(item.tool, item.input).replace(/…$/, '')}</p>
            <ToolResult tool={item.tool} data={item.data} input={item.input} />
          </>
        );
      if (item.status === 'error')
        return (
          <p className="activity error">
            {item.tool.replace(/_/g, ' ')}: {item.error?.message ?? 'did not finish.'}
          </p>
        );
      return null; // held: the confirmation card follows
  }
}
