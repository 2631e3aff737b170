import type { Metadata } from 'next';
import { ThemeToggle } from '../../components/ThemeToggle';
import { topPairs } from '../../lib/hireData';

export const metadata: Metadata = { title: 'Hire freelancers by skill and industry' };
export const revalidate = 3600;

export default async function HireIndex() {
  const pairs = await topPairs();
  return (
    <>
      <header className="topbar">
        <a className="brand" href="/">
          MegiLance Copilot
        </a>
        <ThemeToggle />
      </header>
      <main id="main" className="page">
        <h1>Hire freelancers by skill and industry</h1>
        {pairs.length === 0 ? <p className="muted">No freelancers yet.</p> : null}
        <ul className="grid" style={{ listStyle: 'none', padding: 0 }}>
          {pairs.map((p) => (
            <li key={`${p.skill}/${p.industry}`} className="card">
              <a href={`/hire/${p.skill}/${p.industry}`}>
                {p.skillName} for {p.industryName}
              </a>
              <div className="muted">
                {p.freelancers} freelancer{p.freelancers === 1 ? '' : 's'}
              </div>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
