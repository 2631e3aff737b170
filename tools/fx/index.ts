import type { AnyTool } from '../define';
import { quoteInCurrency } from './quoteInCurrency';

export const fxTools: AnyTool[] = [quoteInCurrency] as AnyTool[];
