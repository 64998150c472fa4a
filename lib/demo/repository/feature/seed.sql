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

create table refunds (
  id serial primary key,
  payment_id integer not null references payments (id),
  amount_cents integer not null,
  reason text not null
);
insert into refunds (payment_id, amount_cents, reason) values
  (3, 230000, 'trip cancelled by the supplier');
