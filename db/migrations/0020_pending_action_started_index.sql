-- Every API node looks for abandoned started actions once a minute (dispatcher.resumeAbandoned). Without
-- an index that is a scan of every confirmation ever asked for; this one holds only the few in flight.
CREATE INDEX pending_actions_started ON pending_actions(started_at)
  WHERE status = 'pending' AND started_at IS NOT NULL;
