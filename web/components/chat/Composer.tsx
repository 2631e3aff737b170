'use client';
import { type Ref, useState } from 'react';

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer(props: {
  ref: Ref<HTMLTextAreaElement>;
  busy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
}) {
  const [text, setText] = useState('');
  function submit(e?: React.FormEvent) {
    e?.preventDefault();
    if (!text.trim() || props.busy) return;
    props.onSend(text.trim());
    setText('');
  }
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="composer" className="sr-only">
        Message the copilot
      </label>
      <textarea
        id="composer"
        ref={props.ref}
        rows={2}
        value={text}
        placeholder="Describe a project, ask for freelancers, fund a milestone…"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
        }}
      />
      {props.busy ? (
        <button type="button" onClick={props.onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" className="primary" disabled={!text.trim()}>
          Send
        </button>
      )}
    </form>
  );
}
