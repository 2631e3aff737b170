import { getContract } from './getContract';
import { leaveReview } from './leaveReview';
import { logTime } from './logTime';
import { requestScopeChange } from './requestScopeChange';
import { respondScopeChange } from './respondScopeChange';
import { submitMilestone } from './submitMilestone';

export const contractTools = [
  getContract,
  submitMilestone,
  logTime,
  requestScopeChange,
  respondScopeChange,
  leaveReview,
];
