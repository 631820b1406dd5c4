-- Seed catalogue; idempotent, so every start may run it.
INSERT INTO products (sku, name, price, stock) VALUES
    ('SKU-1', 'Espresso cup', 4.50, 1000000),
    ('SKU-2', 'Coffee beans 1 kg', 24.90, 1000000),
    ('SKU-3', 'Hand grinder', 59.00, 1000000),
    ('SKU-4', 'Pour-over kettle', 39.95, 1000000),
    ('SKU-5', 'Paper filters (100)', 5.20, 1000000),
    ('SKU-6', 'Milk jug', 14.00, 1000000),
    ('SKU-7', 'Tamper', 19.50, 1000000),
    ('SKU-8', 'Travel mug', 17.80, 1000000)
ON CONFLICT (sku) DO NOTHING;
