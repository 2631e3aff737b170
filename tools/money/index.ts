import type { AnyTool } from '../define';

export const moneyTools: AnyTool[] = [];
