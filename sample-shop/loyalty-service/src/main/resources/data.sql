-- Idempotent: every start runs it (spring.sql.init.mode=always).
INSERT INTO sku_bonus (sku, multiplier) VALUES
    ('SKU-1', 1.00), ('SKU-2', 1.00), ('SKU-3', 1.50), ('SKU-4', 1.00),
    ('SKU-5', 2.00), ('SKU-6', 1.00), ('SKU-7', 1.25), ('SKU-8', 3.00)
ON CONFLICT (sku) DO NOTHING;
