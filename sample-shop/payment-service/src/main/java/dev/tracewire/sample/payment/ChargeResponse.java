package dev.tracewire.sample.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * JSON answer of {@code POST /charges}: {@code {"chargeId","status":"APPROVED"}} (201),
 * {@code {"chargeId","status":"DECLINED"}} (402), {@code {"status":"UNAVAILABLE"}} (503) or
 * {@code {"status":"INVALID","reason"}} (400). Absent fields are left out.
 *
 * @param chargeId the stored charge, when the processor answered
 * @param status the outcome
 * @param reason why the request was refused, for a 400
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargeResponse(@Nullable String chargeId, String status, @Nullable String reason) {

	static ChargeResponse unavailable() {
		return new ChargeResponse(null, "UNAVAILABLE", null);
	}

	static ChargeResponse invalid(String reason) {
		return new ChargeResponse(null, "INVALID", reason);
	}

}
