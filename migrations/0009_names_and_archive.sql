-- A display name a participant gives when joining: personal data, kept with
-- the connection's presence row (and deleted with the session), shown only to
-- the white cell and in its review.
ALTER TABLE seat_presence ADD COLUMN display_name text NOT NULL DEFAULT '';

-- A session whose seats must give a name to join (a class made from a head count).
ALTER TABLE sessions ADD COLUMN names_required boolean NOT NULL DEFAULT false;

-- Archived sessions stay stored (reviews, forks) but leave the console's default list.
ALTER TABLE sessions ADD COLUMN archived boolean NOT NULL DEFAULT false;
