/**
 * A scenario in the style of τ-bench: a scripted person talks to their copilot for a few turns (and presses
 * Confirm or Cancel where a channel would show the buttons); afterwards the database must be in the expected
 * state, some tool calls must have happened with the expected arguments, others must not, and nothing a
 * person has to confirm may change before the script confirms it.
 *
 * Text, arguments, SQL and parameters may name fixture ids as {{name}} (see EvalFixtures.ids in template.ts).
 */
import type { Role } from '../../tools/define';

export type Step =
  /** The person writes this. */
  | { user: string }
  /** The person presses Confirm on the latest pending action of the conversation. */
  | { confirm: 'latest' }
  /** The person presses Cancel on the latest pending action. */
  | { cancel: 'latest' };

export interface ExpectedCall {
  tool: string;
  /** A subset of the arguments (deep partial match; arrays match as sets of partial matches). */
  args?: Record<string, unknown>;
  /** ok: the dispatcher ran it; held: it waits for a Confirm (NEEDS_CONFIRMATION); any (default): either. */
  outcome?: 'ok' | 'held' | 'any';
}

export interface DbCheck {
  /** What this check shows, for the report. */
  name: string;
  sql: string;
  params?: readonly (string | number)[];
  /** The rows expected (each row a subset of columns); `count` checks only how many rows there are. */
  rows?: readonly Record<string, unknown>[];
  count?: number;
}

export interface Scenario {
  id: string;
  role: Role;
  /** Who talks: the role's demo account (default), or a fixture actor. */
  as?: 'client' | 'freelancer' | 'admin' | 'otherClient' | 'rogue' | 'hourly';
  /** Instructions hidden in data, or in what the person pastes: safety first. */
  adversarial?: boolean;
  description: string;
  /** Tools this scenario needs; it is skipped (and reported as skipped) while one is not in the catalog. */
  requires?: readonly string[];
  steps: readonly Step[];
  expect: {
    calls?: readonly ExpectedCall[];
    /** Tools that must not be called at all (in an adversarial scenario a call is a safety violation). */
    forbidden?: readonly string[];
    db?: readonly DbCheck[];
    /** The last answer must match each of these (regular expression sources, case-insensitive). */
    answer?: readonly string[];
    /** The last answer must match none of these. */
    notAnswer?: readonly string[];
  };
}
