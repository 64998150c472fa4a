-- Each preview starts from this data, in a database of its own.
create table payments (
  id serial primary key,
  booking text not null,
  amount_cents integer not null,
  currency text not null,
  status text not null
);
insert into payments (booking, amount_cents, currency, status) values
  ('BK-1001', 48900, 'EUR', 'captured'),
  ('BK-1002', 12950, 'GBP', 'authorised'),
  ('BK-1003', 230000, 'EUR', 'refunded');
