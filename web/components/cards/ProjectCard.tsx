import { asArray, asRecord, budget, isMoney, showMoney, str } from '../../lib/format';

/** A project spec: a draft from a brief (nothing saved yet) or a saved project. */
export function ProjectCard({ tool, data }: { tool: string; data: unknown }) {
  const p = asRecord(data);
  const draft = tool === 'draft_project_from_brief';
  const skills = asArray(p.skills).map((s) => str(s));
  const milestones = asArray(p.milestones).map(asRecord);
  const questions = asArray(p.openQuestions).map(asRecord);
  const market = asRecord(p.market);
  const rate = asRecord(market.hourlyRate);
  const notes = asArray(p.notes).map((n) => str(n));
  const b = p.budget as { currency: string; min: number; max: number } | null;
  return (
    <article className="card" aria-label={draft ? 'Project spec draft' : 'Project'} data-card="project">
      <h3>
        {str(p.title, 'Project')}{' '}
        <span className="badge">{draft ? 'draft — not saved' : str(p.status, 'saved')}</span>
      </h3>
      {p.description ? <p className="muted">{str(p.description)}</p> : null}
      <dl>
        {p.id ? (
          <>
            <dt>Id</dt>
            <dd>
              <code>{str(p.id)}</code>
            </dd>
          </>
        ) : null}
        <dt>Budget</dt>
        <dd>
          {budget(b)}
          {p.pricing === 'hourly' ? ' per hour' : ' fixed'}
          {p.budgetSource && p.budgetSource !== 'brief' ? (
            <span className="muted"> ({str(p.budgetSource)})</span>
          ) : null}
        </dd>
        <dt>Timeline</dt>
        <dd>{p.timelineWeeks ? `${str(p.timelineWeeks)} weeks` : 'not set'}</dd>
        {p.category ? (
          <>
            <dt>Category</dt>
            <dd>
              {str(p.category)}
              {p.industry ? ` · ${str(p.industry)}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {skills.length > 0 ? (
        <>
          <h4 className="sr-only">Skills</h4>
          <ul className="chips" aria-label="Skills">
            {skills.map((s) => (
              <li key={s} className="badge">
                {s}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {milestones.length > 0 ? (
        <>
          <h4>Milestones</h4>
          <ol>
            {milestones.map((m, i) => (
              <li key={str(m.id, String(i))}>
                {str(m.title)} — {isMoney(m.amount) ? showMoney(m.amount) : ''}
                {m.dueInWeeks ? <span className="muted"> · week {str(m.dueInWeeks)}</span> : null}
                {m.status ? <span className="badge">{str(m.status)}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {questions.length > 0 || (rate.median !== undefined && b) ? (
        <>
          <h4>Feasibility</h4>
          <ul>
            {rate.median !== undefined && typeof market.currency === 'string' ? (
              <li>
                Market rate: median {showMoney({ amount: Number(rate.median), currency: market.currency })}/h
                {rate.label ? <span className="muted"> ({str(rate.label)})</span> : null}
              </li>
            ) : null}
            {typeof market.freelancersWithSkills === 'number' ? (
              <li>{market.freelancersWithSkills} active freelancers list these skills</li>
            ) : null}
            {questions.map((q) => (
              <li key={str(q.question)}>
                <span className={q.required ? 'badge warn' : 'badge'}>{q.required ? 'needed' : 'open'}</span>{' '}
                {str(q.question)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {notes.length > 0 ? <p className="muted">{notes.join(' ')}</p> : null}
      {draft ? (
        <p className="muted">
          {p.readyToCreate
            ? 'Ready to post: say “post it” to create the project.'
            : 'Answer the open questions first.'}
        </p>
      ) : null}
    </article>
  );
}
