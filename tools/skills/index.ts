import type { AnyTool } from '../define';
import { skillGraph } from './skillGraph';

export const skillTools: AnyTool[] = [skillGraph];
