-- 070-unread-index: obs_gpu_price_cur goes (issue 15 item 1). Since 051, price history is
-- read by (key, observed_at, ...) on obs_gpu_price_run, and cur_gpu_price orders a key's rows
-- by as_of, then its documents' dates, doc and loc, which no (key, as_of, id) order serves:
-- the index was written on every stored quote (a third of the B-tree pages a price load
-- wrote) and read by no query.
DROP INDEX IF EXISTS obs_gpu_price_cur;
