-- Every node reloads the suspended accounts on a timer (trust/risk/suspensions.ts) and admins count them: with
-- no index that is a scan of all users (~240 ms at 1M). Suspended accounts are few, so a partial index is tiny.
CREATE INDEX users_suspended ON users(id) WHERE status = 'suspended';
