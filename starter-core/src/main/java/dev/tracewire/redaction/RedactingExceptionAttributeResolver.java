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
		Throwable redacted = this.redactor.redact(throwable);
		if (redacted == throwable) {
			this.delegate.setExceptionAttributes(attributeSetter, throwable, maxAttributeLength);
			return;
		}
		String type = throwable.getClass().getCanonicalName();
		if (type != null) {
			attributeSetter.setAttribute(EXCEPTION_TYPE, type);
		}
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

}
