package dev.tracewire.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one precedence rule of every Tracewire switch, with a condition message that names the property that
 * decided, as shown in the {@code --debug} report.
 */
class OnTracewireEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, @Nullable Object> attributes = metadata
			.getAnnotationAttributes(ConditionalOnTracewireEnabled.class.getName());
		String module = (attributes != null) ? (String) attributes.get("value") : null;
		if (module == null || module.isBlank()) {
			throw new IllegalStateException("@ConditionalOnTracewireEnabled needs a module name");
		}
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnTracewireEnabled.class,
				"(" + module + ")");
		Decision decision = decide(context.getEnvironment(), module);
		String reason = (decision.property() != null) ? decision.property() + " is " + decision.enabled()
				: "neither " + TracewireSwitches.moduleKey(module) + " nor " + TracewireSwitches.GLOBAL_KEY
						+ " is set, so it is on by default";
		return new ConditionOutcome(decision.enabled(), message.because(reason));
	}

	static Decision decide(Environment environment, String module) {
		String moduleKey = TracewireSwitches.moduleKey(module);
		Boolean moduleValue = environment.getProperty(moduleKey, Boolean.class);
		if (moduleValue != null) {
			return new Decision(moduleValue, moduleKey);
		}
		Boolean globalValue = environment.getProperty(TracewireSwitches.GLOBAL_KEY, Boolean.class);
		if (globalValue != null) {
			return new Decision(globalValue, TracewireSwitches.GLOBAL_KEY);
		}
		return new Decision(true, null);
	}

	record Decision(boolean enabled, @Nullable String property) {
	}

}
