import type { AnyTool } from '../define';

export const matchingTools: AnyTool[] = [];
