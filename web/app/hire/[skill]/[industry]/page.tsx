import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ThemeToggle } from '../../../../components/ThemeToggle';
import { money } from '../../../../lib/format';
import { pageFor, topPairs } from '../../../../lib/hireData';

type Params = Promise<{ skill: string; industry: string }>;

// Built from the database for the top pairs; refreshed hourly so counts and rates follow the marketplace.
export const revalidate = 3600;
export const dynamicParams = false;

export async function generateStaticParams() {
  return (await topPairs()).map((p) => ({ skill: p.skill, industry: p.industry }));
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { skill, industry } = await params;
  const page = await pageFor(skill, industry);
  if (!page) return {};
  return {
    title: `Hire ${page.skillName} freelancers for ${page.industryName}`,
    description: `${page.freelancers} ${page.skillName} freelancers with ${page.industryName} experience on MegiLance.`,
  };
}

export default async function HirePage({ params }: { params: Params }) {
  const { skill, industry } = await params;
  const page = await pageFor(skill, industry);
  if (!page) notFound();
  return (
    <>
      <header className="topbar">
        <a className="brand" href="/">
          MegiLance Copilot
        </a>
        <ThemeToggle />
      </header>
      <main id="main" className="page">
        <h1>
          Hire {page.skillName} freelancers for {page.industryName}
        </h1>
        <p data-testid="hire-count">
          <strong>{page.freelancers}</strong> active {page.skillName} freelancer
          {page.freelancers === 1 ? '' : 's'} with {page.industryName} experience.
        </p>
        <section className="panel" aria-labelledby="rates">
          <h2 id="rates">Average hourly rates</h2>
          <ul>
            {page.rates.map((r) => (
              <li key={r.currency}>
                {money(r.avgHourlyMinor, r.currency)}/h among {r.freelancers} charging in {r.currency}
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="top">
          <h2 id="top">Top rated</h2>
          <ul>
            {page.top.map((f) => (
              <li key={f.id}>
                <strong>{f.displayName}</strong> — {f.headline}{' '}
                <span className="muted">
                  {f.rating === null ? 'new' : `★ ${f.rating.toFixed(1)}`} · {f.jobsCompleted} jobs ·{' '}
                  {money(f.hourlyRateMinor, f.currency)}/h{f.verified ? ' · verified' : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <p>
          <a href="/">Sign in</a> and describe your project: the copilot drafts the spec and shortlists
          freelancers like these.
        </p>
      </main>
    </>
  );
}
