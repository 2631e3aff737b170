-- No product query reads the audit log by tool (activity KPIs read it by actor, which keeps its index), and
-- every audited call inserts a row: this index was write cost on every tool call, read and refusal alike
-- (bench/http: about 0.5-1 µs of a row's ~5 µs insert, on the event loop).
DROP INDEX audit_log_tool;
