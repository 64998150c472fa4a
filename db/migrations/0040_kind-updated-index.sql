-- The newest entities of a kind (`sort=updated&kind=api`) in the list's order (updated_at desc, ref):
-- a range read from its start. With entities_updated_at_idx alone the page walked back from the newest
-- entity through every other kind's: at 250,000 entities, APIs older than 222,000 components, 370 ms.
CREATE INDEX "entities_kind_updated_at_idx" ON "entities" USING btree ("kind","updated_at" DESC NULLS FIRST,"ref");