-- A session's answer cache holds a bounded number of answers per seat, so
-- recovery must know which answers are a seat's latest: the order they were
-- stored in. Rows stored before this migration are numbered in their
-- physical order, which for this insert-only table is the order of storing.

ALTER TABLE command_results ADD COLUMN stored_order bigserial;
