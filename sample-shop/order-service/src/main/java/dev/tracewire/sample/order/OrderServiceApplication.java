package dev.tracewire.sample.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestTemplate;

/**
 * Checkout: stock at inventory (WebClient), payment (RestTemplate on boundedElastic behind a circuit breaker),
 * the order in PostgreSQL, an event on Kafka.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

	/**
	 * The {@link RestTemplate} that calls payment-service. Boot offers no {@code RestTemplateBuilder} bean in a
	 * WebFlux application, so this one starts from a plain builder; being a bean is what makes it traced
	 * (Tracewire gives {@code RestTemplate} beans the observation registry).
	 * @param payment where payment-service is and its timeouts
	 * @return the client for {@link PaymentClient}
	 */
	@Bean
	RestTemplate paymentRestTemplate(PaymentProperties payment) {
		// The time limit (PaymentClient) ends a slow call by interrupting its thread, and the JDK client gives up
		// at once then. The read timeout, a little later, is only a backstop.
		return new RestTemplateBuilder().requestFactoryBuilder(ClientHttpRequestFactoryBuilder.jdk())
			.baseUri(payment.url())
			.connectTimeout(payment.connectTimeout())
			.readTimeout(payment.timeout().plusSeconds(1))
			.build();
	}

}
