-- Bonus multiplier per product: points = euros spent x multiplier (1 for products not listed).
CREATE TABLE IF NOT EXISTS sku_bonus (
    sku        VARCHAR(32)   PRIMARY KEY,
    multiplier NUMERIC(4, 2) NOT NULL
);

-- One row per order credited: a redelivered order finds its row and earns nothing twice.
CREATE TABLE IF NOT EXISTS points_ledger (
    order_id    VARCHAR(64) PRIMARY KEY,
    customer_id VARCHAR(64) NOT NULL,
    points      BIGINT      NOT NULL,
    credited_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS customer_points (
    customer_id VARCHAR(64) PRIMARY KEY,
    balance     BIGINT      NOT NULL
);
