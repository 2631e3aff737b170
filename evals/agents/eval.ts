/**
 * The agent eval: every scenario in scenarios/ against one seeded template, with the offline model, scored
 * per role (task success, tool accuracy, argument accuracy, safety violations) and compared to baseline.json.
 */
import { readFileSync } from 'node:fs';
import type { Role } from '../../tools/define';
import { catalog } from '../../tools/index';
import { runScenario } from './runner';
import type { Scenario } from './scenario';
import { SCENARIOS } from './scenarios/index';
import { type ScenarioScore, scoreTranscript } from './scorers';
import { buildTemplate } from './template';

export const BASELINE_PATH = new URL('./baseline.json', import.meta.url);
const ROLES: readonly Role[] = ['client', 'freelancer', 'admin'];

export interface RoleFigures {
  scenarios: number;
  adversarial: number;
  taskSuccess: number;
  toolAccuracy: number;
  argAccuracy: number;
  safetyViolations: number;
}

export interface AgentEvalReport {
  roles: Record<string, RoleFigures>;
  overall: RoleFigures;
  scores: ScenarioScore[];
  /** Scenarios that need a tool the catalog does not have yet (id → the missing tools). */
  skipped: { id: string; missing: string[] }[];
  ms: { template: number; total: number; perScenario: number };
}

export interface Baseline {
  tolerance: number;
  roles: Record<string, Pick<RoleFigures, 'taskSuccess' | 'toolAccuracy' | 'argAccuracy'>>;
}

export async function runAgentEval(
  opts: { scenarios?: readonly Scenario[]; only?: (s: Scenario) => boolean } = {},
): Promise<AgentEvalReport> {
  const started = performance.now();
  const template = await buildTemplate();
  const templateMs = performance.now() - started;
  const scores: ScenarioScore[] = [];
  const skipped: AgentEvalReport['skipped'] = [];
  const have = new Set(catalog.map((t) => t.name));
  try {
    for (const scenario of (opts.scenarios ?? SCENARIOS).filter(opts.only ?? (() => true))) {
      const missing = (scenario.requires ?? []).filter((t) => !have.has(t));
      if (missing.length > 0) {
        skipped.push({ id: scenario.id, missing });
        continue;
      }
      const transcript = await runScenario(template, scenario);
      try {
        scores.push(await scoreTranscript(transcript));
      } finally {
        await transcript.close();
      }
    }
  } finally {
    template.dispose();
  }
  const total = performance.now() - started;
  const roles: Record<string, RoleFigures> = {};
  for (const role of ROLES) roles[role] = figures(scores.filter((s) => s.role === role));
  return {
    roles,
    overall: figures(scores),
    scores,
    skipped,
    ms: {
      template: templateMs,
      total,
      perScenario: scores.length ? (total - templateMs) / scores.length : 0,
    },
  };
}

export function figures(scores: readonly ScenarioScore[]): RoleFigures {
  const sum = (f: (s: ScenarioScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const ratio = (hits: number, total: number) => (total === 0 ? 1 : round(hits / total));
  return {
    scenarios: scores.length,
    adversarial: scores.filter((s) => s.adversarial).length,
    taskSuccess: ratio(scores.filter((s) => s.success).length, scores.length),
    toolAccuracy: ratio(
      sum((s) => s.tools.hits),
      sum((s) => s.tools.total),
    ),
    argAccuracy: ratio(
      sum((s) => s.args.hits),
      sum((s) => s.args.total),
    ),
    safetyViolations: sum((s) => s.safety.length),
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

export function formatReport(r: AgentEvalReport, baseline?: Baseline): string {
  const lines = [
    'role        scenarios  adversarial  task success  tool accuracy  argument accuracy  safety violations',
  ];
  const row = (name: string, f: RoleFigures) => {
    const b = baseline?.roles[name];
    const vs = (x: number, y: number | undefined) =>
      `${pct(x)}${y === undefined ? '' : ` (${pct(y).trim()})`}`;
    lines.push(
      `${name.padEnd(12)}${String(f.scenarios).padStart(9)}${String(f.adversarial).padStart(13)}` +
        `${vs(f.taskSuccess, b?.taskSuccess).padStart(14)}${vs(f.toolAccuracy, b?.toolAccuracy).padStart(15)}` +
        `${vs(f.argAccuracy, b?.argAccuracy).padStart(19)}${String(f.safetyViolations).padStart(19)}`,
    );
  };
  for (const [name, f] of Object.entries(r.roles)) row(name, f);
  row('all', r.overall);
  if (baseline) lines.push('(baseline in parentheses)');
  if (r.skipped.length > 0)
    lines.push(
      `skipped until their tools exist: ${r.skipped.map((s) => `${s.id} (${s.missing.join(', ')})`).join('; ')}`,
    );
  lines.push(
    `${r.overall.scenarios} scenarios in ${(r.ms.total / 1000).toFixed(1)} s ` +
      `(template ${r.ms.template.toFixed(0)} ms, ${r.ms.perScenario.toFixed(0)} ms per scenario)`,
  );
  return lines.join('\n');
}

export function formatFailures(r: AgentEvalReport): string {
  return r.scores
    .filter((s) => !s.success)
    .map(
      (s) =>
        `  ${s.id} (${s.role}${s.adversarial ? ', adversarial' : ''}):\n    ${s.failures.join('\n    ')}`,
    )
    .join('\n');
}

export function loadBaseline(): Baseline {
  return JSON.parse(readFileSync(BASELINE_PATH, 'utf8')) as Baseline;
}

export function baselineOf(r: AgentEvalReport, tolerance = 0.005): Baseline {
  const roles: Baseline['roles'] = {};
  for (const [name, f] of Object.entries(r.roles))
    roles[name] = { taskSuccess: f.taskSuccess, toolAccuracy: f.toolAccuracy, argAccuracy: f.argAccuracy };
  roles.all = {
    taskSuccess: r.overall.taskSuccess,
    toolAccuracy: r.overall.toolAccuracy,
    argAccuracy: r.overall.argAccuracy,
  };
  return { tolerance, roles };
}

/** What is worse than the baseline (beyond its tolerance), and every safety violation. Empty: the gate passes. */
export function compareToBaseline(r: AgentEvalReport, b: Baseline): string[] {
  const out: string[] = [];
  const current: Record<string, RoleFigures> = { ...r.roles, all: r.overall };
  for (const [name, want] of Object.entries(b.roles)) {
    const got = current[name];
    if (!got) {
      out.push(`${name}: no scenarios`);
      continue;
    }
    for (const key of ['taskSuccess', 'toolAccuracy', 'argAccuracy'] as const) {
      if (got[key] < want[key] - b.tolerance) out.push(`${name} ${key} ${got[key]} < baseline ${want[key]}`);
    }
  }
  for (const s of r.scores) for (const v of s.safety) out.push(`safety violation in ${s.id}: ${v}`);
  return out;
}
