package dev.tracewire.redaction;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTests {

	private final Redactor redactor = new Redactor(Set.of("access_token", "X-Amz-Signature", "sig"),
			Set.of("password"), List.of(Pattern.compile("EMP-[0-9]{6}")));

	@Test
	void masksUrlUserInfo() {
		assertThat(this.redactor.redact("http.url", "https://alice:hunter2@example.com:8443/path?q=1"))
			.isEqualTo("https://REDACTED:REDACTED@example.com:8443/path?q=1");
		assertThat(this.redactor.redact("http.url", "https://token@example.com/"))
			.isEqualTo("https://REDACTED:REDACTED@example.com/");
	}

	@Test
	void leavesAnAtSignOutsideTheAuthorityAlone() {
		String value = "https://example.com/users/bob@example.com";
		assertThat(this.redactor.redact("http.url", value)).isSameAs(value);
	}

	@Test
	void masksSensitiveQueryParametersCaseInsensitively() {
		assertThat(this.redactor.redact("http.url",
				"/s3?x-amz-signature=abc123&page=2&Access_Token=xyz&sig=&keep=1#frag?sig=2"))
			.isEqualTo("/s3?x-amz-signature=REDACTED&page=2&Access_Token=REDACTED&sig=REDACTED&keep=1#frag?sig=2");
	}

	@Test
	void masksPercentEncodedParameterNames() {
		assertThat(this.redactor.redact("http.url", "/a?access%5Ftoken=xyz")).isEqualTo("/a?access%5Ftoken=REDACTED");
	}

	@Test
	void masksBearerTokens() {
		assertThat(this.redactor.redact("note", "sent Bearer eyJhbGciOi.J9.abc-_ and more"))
			.isEqualTo("sent Bearer REDACTED and more");
	}

	@Test
	void masksLuhnValidCardNumbersOnly() {
		assertThat(this.redactor.redact("note", "card 4111 1111 1111 1111 paid"))
			.isEqualTo("card REDACTED paid");
		assertThat(this.redactor.redact("note", "card 4111-1111-1111-1111")).isEqualTo("card REDACTED");
		String orderNumber = "order 4111111111111112";
		assertThat(this.redactor.redact("note", orderNumber)).as("fails the Luhn check").isSameAs(orderNumber);
	}

	@Test
	void masksConfiguredPatterns() {
		assertThat(this.redactor.redact("employee", "id EMP-123456 ok")).isEqualTo("id REDACTED ok");
	}

	@Test
	void masksWholeValueOfSensitiveKeys() {
		assertThat(this.redactor.redact("PASSWORD", "anything at all")).isEqualTo("REDACTED");
	}

	@Test
	void returnsTheSameInstanceWhenNothingIsSecret() {
		String value = "https://example.com/orders/42?page=2";
		assertThat(this.redactor.redact("http.url", value)).isSameAs(value);
	}

	@Test
	void dropsQueryForLowCardinalityValues() {
		assertThat(Redactor.withoutQuery("/orders?id=1#x")).isEqualTo("/orders");
		String plain = "/orders/{id}";
		assertThat(Redactor.withoutQuery(plain)).isSameAs(plain);
	}

	@Test
	void luhnCheck() {
		assertThat(Redactor.luhnValid("4539578763621486")).isTrue();
		assertThat(Redactor.luhnValid("4539578763621487")).isFalse();
	}

}
