import type { AnyTool } from '../define';
import { approveMilestone } from './approveMilestone';
import { deposit } from './deposit';
import { fundMilestone } from './fundMilestone';
import { getInvoice } from './getInvoice';
import { listInvoices } from './listInvoices';
import { refundMilestone } from './refundMilestone';
import { setPayoutSchedule } from './setPayoutSchedule';
import { transactionHistory } from './transactionHistory';
import { walletBalance } from './walletBalance';
import { withdraw } from './withdraw';

export const moneyTools: AnyTool[] = [
  walletBalance,
  transactionHistory,
  deposit,
  withdraw,
  setPayoutSchedule,
  fundMilestone,
  approveMilestone,
  refundMilestone,
  getInvoice,
  listInvoices,
] as AnyTool[];
