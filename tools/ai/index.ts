import type { AnyTool } from '../define';

export const aiTools: AnyTool[] = [];
