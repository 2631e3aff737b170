import type { AnyTool } from '../define';
import { listVerifications } from './listVerifications';
import { reviewVerification } from './reviewVerification';
import { submitVerification } from './submitVerification';
import { verificationStatus } from './verificationStatus';

export const verificationTools: AnyTool[] = [
  submitVerification,
  verificationStatus,
  listVerifications,
  reviewVerification,
] as AnyTool[];
