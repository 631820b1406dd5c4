package dev.tracewire.sample.inventory;

import java.math.BigDecimal;

/**
 * A product of the catalogue with its stock, as stored in {@code products} and listed by {@code GET /products}.
 *
 * @param sku the stock keeping unit, for example {@code SKU-1}
 * @param name the product's name
 * @param price the unit price
 * @param stock the units left
 */
public record Product(String sku, String name, BigDecimal price, int stock) {

}
