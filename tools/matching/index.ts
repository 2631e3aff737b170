import type { AnyTool } from '../define';
import { matchFreelancers } from './matchFreelancers';
import { recommendProjects } from './recommendProjects';
import { searchFreelancers } from './searchFreelancers';
import { similarFreelancers } from './similarFreelancers';
import { similarProjects } from './similarProjects';

export const matchingTools: AnyTool[] = [
  matchFreelancers,
  searchFreelancers,
  similarFreelancers,
  recommendProjects,
  similarProjects,
] as AnyTool[];
