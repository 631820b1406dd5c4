package dev.tracewire.redaction;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver;
import org.jspecify.annotations.Nullable;

/**
 * Fills the {@code exception.*} attributes of the events {@code recordException} adds (and so of every span
 * Micrometer marks as failed) from the {@link ExceptionRedactor}'s view of the exception: the original type, masked
 * or no messages, the original stack frames.
 * <p>
 * Plugs into the OpenTelemetry SDK's {@link ExceptionAttributeResolver}, which the SDK marks internal; Tracewire's
 * tests pin its behaviour.
 */
public final class RedactingExceptionAttributeResolver implements ExceptionAttributeResolver {

	private final ExceptionRedactor redactor;

	private final ExceptionAttributeResolver delegate;

	/**
	 * Creates a resolver around the SDK's default one.
	 * @param redactor what masks the messages
	 */
	public RedactingExceptionAttributeResolver(ExceptionRedactor redactor) {
		this(redactor, ExceptionAttributeResolver.getDefault());
	}

	/**
	 * Creates a resolver.
	 * @param redactor what masks the messages
	 * @param delegate what renders the attributes of the (redacted) exception
	 */
	public RedactingExceptionAttributeResolver(ExceptionRedactor redactor, ExceptionAttributeResolver delegate) {
		this.redactor = redactor;
		this.delegate = delegate;
	}

	@Override
	public void setExceptionAttributes(AttributeSetter attributeSetter, Throwable throwable,
			int maxAttributeLength) {
		String type = throwable.getClass().getCanonicalName();
		Throwable redacted;
		try {
			redacted = this.redactor.redact(throwable);
		}
		catch (RuntimeException ex) {
			// An exception whose getMessage() or getCause() fails: record its type, nothing it might have leaked.
			setType(attributeSetter, type);
			return;
		}
		if (redacted == throwable) {
			this.delegate.setExceptionAttributes(attributeSetter, throwable, maxAttributeLength);
			return;
		}
		setType(attributeSetter, type);
		this.delegate.setExceptionAttributes(new AttributeSetter() {

			@Override
			public <T> void setAttribute(AttributeKey<T> key, @Nullable T value) {
				// The stand-in's own class is not the type to report.
				if (!EXCEPTION_TYPE.equals(key)) {
					attributeSetter.setAttribute(key, value);
				}
			}

		}, redacted, maxAttributeLength);
	}

	private static void setType(AttributeSetter attributeSetter, @Nullable String type) {
		if (type != null) {
			attributeSetter.setAttribute(EXCEPTION_TYPE, type);
		}
	}

}
