import type { AnyTool } from '../define';

export const skillTools: AnyTool[] = [];
