'use client';
import { useEffect, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { callTool, type Me, whoAmI } from '../../lib/api';
import { pct } from '../../lib/format';
import { FraudCard } from '../cards/FraudCard';
import { TopBar } from '../TopBar';

interface KpiPeriod {
  period: string;
  signups: { total: number };
  projectsPosted: number;
  hires: number;
  disputesOpened: number;
  gmv: { currency: string; gmv: { amount: number } }[];
}
interface Kpis {
  from: string;
  to: string;
  totals: KpiPeriod & {
    activationRate: number | null;
    disputeRate: number | null;
    medianTimeToHireHours: number | null;
  };
  periods: KpiPeriod[];
}
interface Bands {
  low: number;
  medium: number;
  high: number;
}
interface Fraud {
  accountsByBand: Bands;
  assessments: { total: number; byBand: Bands };
  trend: { period: string; assessments: number; medium: number; high: number; alertsOpened: number }[];
}
interface FlagView {
  key: string;
  enabled: boolean;
  rolloutPercent: number;
  variants: { key: string }[];
}
interface Exposure {
  flagKey: string;
  variants: { variant: string; exposures: number }[];
}

const COLORS = ['#2f9e5b', '#d08a10', '#d0463a', '#4c6fe0', '#8a5cd1', '#1f9bb0'];
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The admin's view of the marketplace: health over time, fraud risk, the review queue, flag rollouts. */
export function Dashboard() {
  const [me, setMe] = useState<Me | null>(null);
  const [kpis, setKpis] = useState<Kpis | null>(null);
  const [fraud, setFraud] = useState<Fraud | null>(null);
  const [alerts, setAlerts] = useState<unknown>(null);
  const [flags, setFlags] = useState<FlagView[]>([]);
  const [exposures, setExposures] = useState<Exposure[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    void (async () => {
      const who = await whoAmI();
      if (!who) return window.location.replace('/?next=/admin');
      setMe(who);
      if (who.role !== 'admin') return setError('The dashboard is for admins.');
      const to = isoDay(Date.now());
      const [k, f, a, fl] = await Promise.all([
        callTool<Kpis>('platform_kpis', { period: 'week', from: isoDay(Date.now() - 180 * DAY), to }),
        callTool<Fraud>('fraud_overview', { period: 'week', from: isoDay(Date.now() - 90 * DAY), to }),
        callTool('list_risk_alerts', { status: 'open', limit: 10 }),
        callTool<{ flags: FlagView[] }>('list_flags', {}),
      ]);
      const failed = [k, f, a, fl].find((r) => r.error);
      if (failed?.error) setError(failed.error.message);
      setKpis(k.data ?? null);
      setFraud(f.data ?? null);
      setAlerts(a.data ?? null);
      const list = fl.data?.flags ?? [];
      setFlags(list);
      const reports = await Promise.all(
        list.slice(0, 6).map((x) => callTool<Exposure>('flag_exposure_report', { flagKey: x.key })),
      );
      setExposures(reports.flatMap((r) => (r.data ? [r.data] : [])));
    })();
  }, []);

  const weekly = (kpis?.periods ?? []).map((p) => ({
    period: p.period.slice(5),
    signups: p.signups.total,
    projects: p.projectsPosted,
    hires: p.hires,
    disputes: p.disputesOpened,
  }));
  const bands = fraud
    ? (['low', 'medium', 'high'] as const).map((b) => ({ name: b, value: fraud.accountsByBand[b] }))
    : [];
  const variantKeys = [...new Set(exposures.flatMap((e) => e.variants.map((v) => v.variant)))];
  const exposureRows = exposures.map((e) => ({
    flag: e.flagKey,
    ...Object.fromEntries(e.variants.map((v) => [v.variant, v.exposures])),
  }));

  return (
    <>
      <TopBar me={me} />
      <main id="main" className="page">
        <h1>Marketplace dashboard</h1>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        {kpis ? (
          <section className="panel" aria-labelledby="kpi-h">
            <h2 id="kpi-h">
              KPIs <span className="muted">{`${kpis.from} – ${kpis.to}, by week`}</span>
            </h2>
            <div className="kpis">
              <Kpi label="Signups" value={String(kpis.totals.signups.total)} />
              <Kpi label="Activation (24 h)" value={pct(kpis.totals.activationRate)} />
              <Kpi label="Projects posted" value={String(kpis.totals.projectsPosted)} />
              <Kpi label="Hires" value={String(kpis.totals.hires)} />
              <Kpi
                label="Median time to hire"
                value={
                  kpis.totals.medianTimeToHireHours === null ? '—' : `${kpis.totals.medianTimeToHireHours} h`
                }
              />
              <Kpi label="Dispute rate" value={pct(kpis.totals.disputeRate, 1)} />
            </div>
            <figure
              className="chart"
              data-chart="kpis"
              aria-label="Signups, projects, hires and disputes per week"
            >
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={weekly} margin={{ top: 10, right: 10, bottom: 0, left: -20 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="period" stroke="var(--muted)" fontSize={12} />
                  <YAxis stroke="var(--muted)" fontSize={12} allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Line
                    type="monotone"
                    dataKey="signups"
                    stroke={COLORS[3]}
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    type="monotone"
                    dataKey="projects"
                    stroke={COLORS[0]}
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    type="monotone"
                    dataKey="hires"
                    stroke={COLORS[4]}
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    type="monotone"
                    dataKey="disputes"
                    stroke={COLORS[2]}
                    dot={false}
                    isAnimationActive={false}
                  />
                </LineChart>
              </ResponsiveContainer>
            </figure>
          </section>
        ) : null}
        <div className="charts">
          {fraud ? (
            <section className="panel" aria-labelledby="risk-h">
              <h2 id="risk-h">Risk bands</h2>
              <p className="muted">
                Accounts by latest band ({fraud.assessments.total} assessments in 90 days)
              </p>
              <figure className="chart" data-chart="risk" aria-label="Accounts by risk band">
                <ResponsiveContainer width="100%" height="100%">
                  <PieChart>
                    <Pie
                      data={bands}
                      dataKey="value"
                      nameKey="name"
                      innerRadius="45%"
                      isAnimationActive={false}
                      label
                    >
                      {bands.map((b, i) => (
                        <Cell key={b.name} fill={COLORS[i]} />
                      ))}
                    </Pie>
                    <Tooltip />
                    <Legend />
                  </PieChart>
                </ResponsiveContainer>
              </figure>
            </section>
          ) : null}
          {fraud ? (
            <section className="panel" aria-labelledby="trend-h">
              <h2 id="trend-h">Flagged actions per week</h2>
              <figure
                className="chart"
                data-chart="risk-trend"
                aria-label="Medium and high risk actions per week"
              >
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={fraud.trend.map((t) => ({ ...t, period: t.period.slice(5) }))}>
                    <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                    <XAxis dataKey="period" stroke="var(--muted)" fontSize={12} />
                    <YAxis stroke="var(--muted)" fontSize={12} allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="medium" stackId="r" fill={COLORS[1]} isAnimationActive={false} />
                    <Bar dataKey="high" stackId="r" fill={COLORS[2]} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </figure>
            </section>
          ) : null}
        </div>
        {alerts ? (
          <section className="panel" aria-labelledby="alerts-h">
            <h2 id="alerts-h">Alert queue</h2>
            <FraudCard tool="list_risk_alerts" data={alerts} />
          </section>
        ) : null}
        {flags.length > 0 ? (
          <section className="panel" aria-labelledby="flags-h">
            <h2 id="flags-h">Flag rollouts</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Flag</th>
                    <th scope="col">State</th>
                    <th scope="col">Rollout</th>
                    <th scope="col">Variants</th>
                  </tr>
                </thead>
                <tbody>
                  {flags.map((f) => (
                    <tr key={f.key}>
                      <td>
                        <code>{f.key}</code>
                      </td>
                      <td>{f.enabled ? 'on' : 'off'}</td>
                      <td>{f.rolloutPercent}%</td>
                      <td>{f.variants.map((v) => v.key).join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <figure className="chart" data-chart="exposures" aria-label="Users exposed per flag variant">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={exposureRows}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="flag" stroke="var(--muted)" fontSize={11} />
                  <YAxis stroke="var(--muted)" fontSize={12} allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  {variantKeys.map((v, i) => (
                    <Bar key={v} dataKey={v} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </figure>
          </section>
        ) : null}
      </main>
    </>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="card kpi">
      <span className="muted">{label}</span>
      <strong>{value}</strong>
    </div>
  );
}
