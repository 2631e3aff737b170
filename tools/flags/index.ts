import type { AnyTool } from '../define';
import { checkFlags } from './checkFlags';
import { flagExposureReport } from './flagExposureReport';
import { getFlag } from './getFlag';
import { listFlags } from './listFlags';
import { setFlagEnabled } from './setFlagEnabled';
import { setFlagRollout } from './setFlagRollout';

export const flagTools: AnyTool[] = [
  checkFlags,
  listFlags,
  getFlag,
  setFlagRollout,
  setFlagEnabled,
  flagExposureReport,
] as AnyTool[];
