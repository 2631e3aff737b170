import type { Scenario } from '../scenario';
import { adminScenarios } from './admin';
import { adminAdversarialScenarios } from './adminAdversarial';
import { clientScenarios } from './client';
import { clientAdversarialScenarios } from './clientAdversarial';
import { freelancerScenarios } from './freelancer';
import { freelancerAdversarialScenarios } from './freelancerAdversarial';
import { injectionScenarios } from './injections';

/** Every scenario of the agent eval, by role; adversarial ones carry `adversarial: true`. */
export const SCENARIOS: readonly Scenario[] = [
  ...clientScenarios,
  ...clientAdversarialScenarios,
  ...freelancerScenarios,
  ...freelancerAdversarialScenarios,
  ...adminScenarios,
  ...adminAdversarialScenarios,
  ...injectionScenarios,
];
