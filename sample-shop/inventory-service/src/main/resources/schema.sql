CREATE TABLE IF NOT EXISTS products (
    sku   text PRIMARY KEY,
    name  text NOT NULL,
    price numeric(12, 2) NOT NULL,
    stock integer NOT NULL CHECK (stock >= 0)
);

-- A reservation is kept after its release (status RELEASED), so a released one cannot be released twice.
CREATE TABLE IF NOT EXISTS reservations (
    id         text PRIMARY KEY,
    order_id   text NOT NULL,
    status     text NOT NULL,
    total      numeric(12, 2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS reservation_lines (
    reservation_id text NOT NULL REFERENCES reservations (id),
    sku            text NOT NULL REFERENCES products (sku),
    quantity       integer NOT NULL CHECK (quantity > 0),
    unit_price     numeric(12, 2) NOT NULL,
    PRIMARY KEY (reservation_id, sku)
);
