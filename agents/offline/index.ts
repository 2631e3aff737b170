/** MegiLance's built-in offline chat model: `new OfflineChatModel(opts)`. */
export { type Decision, decide } from './decide';
export {
  OFFLINE_MODEL_NAME,
  OfflineChatModel,
  type OfflineChatModelCallOptions,
  type OfflineChatModelOptions,
} from './model';
export { parseDuration } from './parse/duration';
export { type MoneyMention, parseMoney } from './parse/money';
export { parseReferences } from './parse/references';
