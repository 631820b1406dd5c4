-- Run at every start (spring.sql.init.mode=always), so every statement must be idempotent.
CREATE TABLE IF NOT EXISTS orders (
    id          VARCHAR(36)    PRIMARY KEY,
    customer_id VARCHAR(100)   NOT NULL,
    email       VARCHAR(320)   NOT NULL,
    status      VARCHAR(20)    NOT NULL,
    total       NUMERIC(12, 2) NOT NULL,
    currency    CHAR(3)        NOT NULL,
    placed_at   TIMESTAMPTZ    NOT NULL
);

CREATE TABLE IF NOT EXISTS order_lines (
    order_id   VARCHAR(36)    NOT NULL REFERENCES orders (id),
    line_no    INT            NOT NULL,
    sku        VARCHAR(64)    NOT NULL,
    quantity   INT            NOT NULL,
    unit_price NUMERIC(12, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
