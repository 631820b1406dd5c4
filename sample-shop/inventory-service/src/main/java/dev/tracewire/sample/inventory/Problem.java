package dev.tracewire.sample.inventory;

/**
 * JSON body of every 4xx answer: {@code {"status","reason"}}, for example
 * {@code {"status":"REJECTED","reason":"Not enough stock for SKU-1: 5 requested, 2 left"}}.
 *
 * @param status {@code INVALID} (400), {@code NOT_FOUND} (404) or {@code REJECTED} (409, stock short)
 * @param reason what went wrong, for a human
 */
public record Problem(String status, String reason) {

}
