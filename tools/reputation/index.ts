import type { AnyTool } from '../define';
import { getReputation } from './getReputation';

export const reputationTools: AnyTool[] = [getReputation] as AnyTool[];
