package dev.tracewire.sample.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LauncherOptionsTests {

	@Test
	void defaultsToTwentyCheckoutsRunningUntilStopped() {
		LauncherOptions options = LauncherOptions.parse();
		assertThat(options.once()).isFalse();
		assertThat(options.checkouts()).isEqualTo(20);
		assertThat(options.faults()).isEmpty();
		assertThat(options.external()).isFalse();
		assertThat(options.sampling()).as("the services' own sampling").isNull();
	}

	@Test
	void readsEveryOptionWithSpaceOrEquals() {
		LauncherOptions options = LauncherOptions.parse("--once", "--checkouts=5", "--fault", "payment.down",
				"--fault=loyalty.n-plus-one,notification.failing");
		assertThat(options.once()).isTrue();
		assertThat(options.checkouts()).isEqualTo(5);
		assertThat(options.faults()).containsExactly(Fault.PAYMENT_DOWN, Fault.LOYALTY_N_PLUS_ONE,
				Fault.NOTIFICATION_FAILING);
	}

	@Test
	void readsASamplingProbabilityWithSpaceOrEquals() {
		assertThat(LauncherOptions.parse("--sampling", "0.01").sampling()).isEqualTo(0.01);
		assertThat(LauncherOptions.parse("--sampling=0").sampling()).isEqualTo(0.0);
		assertThat(LauncherOptions.parse("--sampling=1", "--fault", "payment.down").sampling()).isEqualTo(1.0);
		assertThat(LauncherOptions.parse("--sampling", ".5").sampling()).isEqualTo(0.5);
	}

	@Test
	void rejectsAMissingOrBadSamplingProbability() {
		assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse("--sampling"))
			.withMessage("Option --sampling needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse("--sampling", "--once"))
			.withMessage("Option --sampling needs a value");
		for (String bad : new String[] { "1.5", "-0.1", "NaN", "Infinity", "1%", "often", "" }) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> LauncherOptions.parse("--sampling=" + bad))
				.withMessage("--sampling needs a probability from 0 to 1, such as 0.01, not '" + bad + "'");
		}
	}

	@Test
	void writesAProbabilityAsAPlainDecimal() {
		assertThat(LauncherOptions.format(0.01)).isEqualTo("0.01");
		assertThat(LauncherOptions.format(0.0001)).isEqualTo("0.0001");
		assertThat(LauncherOptions.format(1.0)).isEqualTo("1");
		assertThat(LauncherOptions.format(0.0)).isEqualTo("0");
		assertThat(LauncherOptions.format(0.5)).isEqualTo("0.5");
	}

	@Test
	void rejectsAnUnknownFaultListingTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse("--fault", "payment.dwn"))
			.withMessageContaining("Unknown fault 'payment.dwn'")
			.withMessageContaining("payment.down")
			.withMessageContaining("analytics.consumer-lag");
	}

	@Test
	void rejectsAnUnknownOptionListingTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse("--twice"))
			.withMessageContaining("Unknown option '--twice'")
			.withMessageContaining("--checkouts N")
			.withMessageContaining("--sampling P");
	}

	@Test
	void rejectsAMissingOrBadCheckoutCount() {
		assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse("--checkouts"))
			.withMessage("Option --checkouts needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse("--checkouts", "0"))
			.withMessageContaining("from 1 to");
		assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse("--checkouts", "many"))
			.withMessageContaining("not 'many'");
	}

	@Test
	void usageNamesEveryFault() {
		String usage = LauncherOptions.usage();
		for (Fault fault : Fault.values()) {
			assertThat(usage).contains(fault.id());
		}
	}

	@Test
	void usageExplainsTheSamplingOption() {
		assertThat(LauncherOptions.usage()).contains("--sampling P")
			.contains("tracewire.sampling.probability")
			.contains("--sampling 0.01 --fault payment.down");
	}

}
