-- Every charge the processor answered, approved or declined.
CREATE TABLE IF NOT EXISTS charges (
    id          text PRIMARY KEY,
    order_id    text NOT NULL,
    customer_id text NOT NULL,
    amount      numeric NOT NULL CHECK (amount > 0),
    currency    text NOT NULL,
    status      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
