import type { AnyTool } from '../define';
import { billHourlyWeek } from './billHourlyWeek';
import { fundHourlyWeek } from './fundHourlyWeek';
import { fundRetainerPeriod } from './fundRetainerPeriod';
import { releaseRetainerPeriod } from './releaseRetainerPeriod';

export const billingTools: AnyTool[] = [
  fundHourlyWeek,
  billHourlyWeek,
  fundRetainerPeriod,
  releaseRetainerPeriod,
] as AnyTool[];
