package dev.tracewire.redaction;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionRedactorTests {

	private static final Redactor REDACTOR = new Redactor(Set.of("token"), Set.of("password"), List.of());

	private final ExceptionRedactor redactor = new ExceptionRedactor(REDACTOR, false);

	@Test
	void returnsACleanExceptionItself() {
		IllegalStateException clean = new IllegalStateException("order 42 not found",
				new IllegalArgumentException("no such order"));
		assertThat(this.redactor.redact(clean)).isSameAs(clean);
		NullPointerException noMessage = new NullPointerException();
		assertThat(this.redactor.redact(noMessage)).isSameAs(noMessage);
	}

	@Test
	void masksEveryMessageAndKeepsTypesFramesCausesAndSuppressed() {
		IllegalArgumentException cause = new IllegalArgumentException("card 4556737586899855 declined");
		IllegalStateException failure = new IllegalStateException(
				"failed calling http://alice:s3cret@pay.example/charge?token=abc", cause);
		failure.addSuppressed(new RuntimeException("cleanup sent Bearer abc.def"));

		Throwable redacted = this.redactor.redact(failure);

		assertThat(redacted).isNotSameAs(failure);
		assertThat(redacted.getMessage())
			.isEqualTo("failed calling http://REDACTED:REDACTED@pay.example/charge?token=REDACTED");
		assertThat(redacted).hasToString("java.lang.IllegalStateException: " + redacted.getMessage());
		assertThat(this.redactor.message(failure)).isEqualTo(redacted.getMessage());
		assertThat(redacted.getStackTrace()).isEqualTo(failure.getStackTrace()).isNotEmpty();
		Throwable redactedCause = redacted.getCause();
		assertThat(redactedCause).hasToString("java.lang.IllegalArgumentException: card REDACTED declined");
		assertThat(redactedCause.getStackTrace()).isEqualTo(cause.getStackTrace());
		assertThat(redactedCause.getCause()).isNull();
		assertThat(redacted.getSuppressed()).singleElement()
			.hasToString("java.lang.RuntimeException: cleanup sent Bearer REDACTED");
	}

	@Test
	void dropsEveryMessageOfAChainWithADatabaseError() {
		SQLException driver = new SQLIntegrityConstraintViolationException(
				"duplicate key value: Key (email)=(bob@example.com) already exists", "23505");
		RuntimeException spring = new RuntimeException(
				"could not execute statement [insert into customer (email) values ('bob@example.com')]", driver);
		IllegalStateException failure = new IllegalStateException("signing up bob@example.com failed", spring);

		Throwable redacted = this.redactor.redact(failure);

		assertThat(redacted.getMessage()).isNull();
		assertThat(redacted).hasToString("java.lang.IllegalStateException");
		assertThat(this.redactor.message(failure)).isNull();
		assertThat(redacted.getCause()).hasToString("java.lang.RuntimeException");
		assertThat(redacted.getCause().getCause()).hasToString("java.sql.SQLIntegrityConstraintViolationException");
		assertThat(redacted.getCause().getCause().getStackTrace()).isEqualTo(driver.getStackTrace());
	}

	@Test
	void keepsMaskedDatabaseErrorMessagesWhenAskedTo() {
		SQLException driver = new SQLException("connection to jdbc:postgresql://app:hunter2@db/shop refused");
		RuntimeException failure = new RuntimeException("could not connect", driver);

		Throwable redacted = new ExceptionRedactor(REDACTOR, true).redact(failure);

		assertThat(redacted.getMessage()).isEqualTo("could not connect");
		assertThat(redacted.getCause())
			.hasToString("java.sql.SQLException: connection to jdbc:postgresql://REDACTED:REDACTED@db/shop refused");
	}

	@Test
	void survivesACycleInTheCauses() {
		RuntimeException first = new RuntimeException("first, Bearer abc");
		RuntimeException second = new RuntimeException("second", first);
		first.initCause(second);

		Throwable redacted = this.redactor.redact(first);

		assertThat(redacted).hasToString("java.lang.RuntimeException: first, Bearer REDACTED");
		assertThat(redacted.getCause()).hasToString("java.lang.RuntimeException: second");
		assertThat(redacted.getCause().getCause()).isSameAs(redacted);
	}

}
