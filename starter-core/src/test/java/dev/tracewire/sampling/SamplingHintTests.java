package dev.tracewire.sampling;

import io.micrometer.observation.Observation;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingHintTests {

	@Test
	void isSeenByTheSamplerOnlyWhileItsScopeIsOpenAndWithoutMakingAContextCurrent() {
		Context before = Context.current();
		try (Scope scope = SamplingHint.open(observation("outer"))) {
			assertThat(SamplingHint.from(Context.root())).extracting(SamplingHint::observationName).isEqualTo("outer");
			assertThat(Context.current()).isSameAs(before);
			try (Scope nested = SamplingHint.open(observation("inner"))) {
				assertThat(SamplingHint.from(Context.root())).extracting(SamplingHint::observationName)
					.isEqualTo("inner");
			}
			assertThat(SamplingHint.from(Context.root())).extracting(SamplingHint::observationName).isEqualTo("outer");
		}
		assertThat(SamplingHint.from(Context.root())).isNull();
	}

	@Test
	void prefersAHintCarriedByTheParentContext() {
		Context parent = new SamplingHint("carried").storeIn(Context.root());
		try (Scope scope = SamplingHint.open(observation("opened"))) {
			assertThat(SamplingHint.from(parent)).extracting(SamplingHint::observationName).isEqualTo("carried");
		}
	}

	private static Observation.Context observation(String name) {
		Observation.Context context = new Observation.Context();
		context.setName(name);
		return context;
	}

}
