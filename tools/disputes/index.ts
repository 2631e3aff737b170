import type { AnyTool } from '../define';
import { addDisputeEvidence } from './addDisputeEvidence';
import { getDispute } from './getDispute';
import { listDisputes } from './listDisputes';
import { openDispute } from './openDispute';
import { resolveDispute } from './resolveDispute';

export const disputeTools: AnyTool[] = [
  openDispute,
  addDisputeEvidence,
  resolveDispute,
  listDisputes,
  getDispute,
] as AnyTool[];
