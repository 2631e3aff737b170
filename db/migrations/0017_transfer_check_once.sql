-- The transfer's insert trigger read the transfer's entries three times (count, sum, currencies); one pass
-- gives all three, with the same three refusals in the same order. It runs on every transfer, inside the
-- writer's transaction (bench/ledger: the most expensive statement of a fund or release after the hold's).
DROP TRIGGER ledger_transfer_balanced;
CREATE TRIGGER ledger_transfer_balanced BEFORE INSERT ON ledger_transfers
BEGIN
  SELECT CASE
    WHEN n < 2 THEN RAISE(ABORT, 'ledger: a transfer needs at least two entries')
    WHEN total <> 0 THEN RAISE(ABORT, 'ledger: entries of a transfer must sum to zero')
    WHEN mixed > 0 THEN RAISE(ABORT, 'ledger: entries must be in the transfer currency')
  END
  FROM (SELECT count(*) AS n, coalesce(sum(e.amount_minor), 0) AS total,
               coalesce(sum(e.currency <> NEW.currency OR a.currency <> NEW.currency), 0) AS mixed
          FROM ledger_entries e LEFT JOIN ledger_accounts a ON a.id = e.account_id
         WHERE e.transfer_id = NEW.id);
END;
