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
			.withMessageContaining("--checkouts N");
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

}
