-- Sales per product since the start, added to once per batch of orders.
CREATE TABLE IF NOT EXISTS sales_by_sku (
    sku      VARCHAR(32)    PRIMARY KEY,
    quantity BIGINT         NOT NULL,
    revenue  NUMERIC(14, 2) NOT NULL
);

-- Orders and revenue per minute the orders were placed in (UTC).
CREATE TABLE IF NOT EXISTS orders_by_minute (
    minute  TIMESTAMPTZ    PRIMARY KEY,
    orders  BIGINT         NOT NULL,
    revenue NUMERIC(14, 2) NOT NULL
);
