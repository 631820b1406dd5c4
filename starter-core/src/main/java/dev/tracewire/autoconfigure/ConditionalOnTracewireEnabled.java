package dev.tracewire.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when a Tracewire module is enabled: {@code tracewire.<module>.enabled} beats
 * {@code tracewire.enabled}, which beats the default of {@code true}.
 *
 * @see OnTracewireEnabledCondition
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnTracewireEnabledCondition.class)
public @interface ConditionalOnTracewireEnabled {

	/**
	 * Name of the module, as used in {@code tracewire.<module>.enabled}, for example {@code executors}.
	 * @return the module name
	 */
	String value();

}
