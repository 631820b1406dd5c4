package dev.tracewire.bench.continuity.app;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of the matrix: a record listener (whose record's value names the boundary), two batch listeners,
 * and a retry-topic listener that always fails, with its dead-letter handler. Topic names start with
 * {@code continuity.topic-prefix}, so that every run has fresh topics on a shared broker.
 */
@Component
public class KafkaListeners {

	static final String RECORDS = "records";

	static final String BATCH = "batch";

	static final String BATCH_PER_RECORD = "batch-per-record";

	static final String PAYMENTS = "payments";

	private final Work work;

	private final ThreadPoolTaskExecutor workerPool;

	private final String paymentsTopic;

	KafkaListeners(Work work, ThreadPoolTaskExecutor workerPool,
			@Value("${continuity.topic-prefix}" + PAYMENTS) String paymentsTopic) {
		this.work = work;
		this.workerPool = workerPool;
		this.paymentsTopic = paymentsTopic;
	}

	@KafkaListener(topics = "${continuity.topic-prefix}" + RECORDS)
	void onRecord(ConsumerRecord<String, String> record) {
		Boundary boundary = Boundary.valueOf(record.value());
		String origin = Work.origin();
		if (boundary == Boundary.KAFKA_LISTENER_HAND_OFF) {
			this.workerPool.execute(() -> this.work.run(boundary, origin));
		}
		else {
			this.work.run(boundary, origin);
		}
	}

	@KafkaListener(topics = "${continuity.topic-prefix}" + BATCH, batch = "true")
	void onBatch(List<ConsumerRecord<String, String>> records) {
		String origin = Work.origin();
		records.forEach((record) -> this.work.run(Boundary.KAFKA_BATCH, origin));
	}

	@KafkaListener(topics = "${continuity.topic-prefix}" + BATCH_PER_RECORD, batch = "true")
	void onBatchPerRecord(List<ConsumerRecord<String, String>> records) {
		BatchHelper.forEach(records, (record) -> this.work.run(Boundary.KAFKA_BATCH_PER_RECORD, Work.origin()));
	}

	@RetryableTopic(attempts = "3", backOff = @BackOff(delay = 100))
	@KafkaListener(topics = "${continuity.topic-prefix}" + PAYMENTS)
	void onPayment(ConsumerRecord<String, String> record) {
		if (!record.topic().equals(this.paymentsTopic)) {
			this.work.run(Boundary.KAFKA_RETRY_TOPIC, Work.origin());
		}
		throw new IllegalStateException("payment declined (expected: every attempt fails)");
	}

	@DltHandler
	void onPaymentDeadLetter(ConsumerRecord<String, String> record) {
		this.work.run(Boundary.KAFKA_DLT, Work.origin());
	}

}
