package dev.tracewire.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.observation.transport.ReceiverContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

/**
 * The context of a batch listener's observation: the records of one poll, handed to the listener together.
 * <p>
 * A batch has no single parent: its span starts a trace of its own and links to the producer of each record
 * ({@link KafkaBatchTracingObservationHandler}). Should that handler be missing, the receiver handler of
 * Micrometer Tracing still makes it a {@code CONSUMER} span, without links.
 */
public class KafkaBatchContext extends ReceiverContext<ConsumerRecords<?, ?>> {

	private final List<ConsumerRecord<?, ?>> records;

	private final String listenerId;

	private final @Nullable String groupId;

	private final @Nullable String clientId;

	private final Set<String> topics;

	private final long maxTimeInQueueMillis;

	// Written once, on the listener thread, by the tracing handler as the batch's span starts.
	private Set<ConsumerRecord<?, ?>> recordsWithTraceContext = Set.of();

	/**
	 * Creates a context.
	 * @param records the records of the batch
	 * @param listenerId the listener id (or the best stand-in the container gives)
	 * @param groupId the consumer group, if any
	 * @param clientId the consumer's client id, if known
	 */
	public KafkaBatchContext(ConsumerRecords<?, ?> records, String listenerId, @Nullable String groupId,
			@Nullable String clientId) {
		// The batch itself carries no trace context: each record does, and becomes a link.
		super((carrier, key) -> null);
		setCarrier(records);
		setRemoteServiceName("Apache Kafka");
		List<ConsumerRecord<?, ?>> list = new ArrayList<>(records.count());
		Set<String> topicNames = new LinkedHashSet<>();
		long now = System.currentTimeMillis();
		long maxWait = -1;
		for (ConsumerRecord<?, ?> record : records) {
			list.add(record);
			topicNames.add(record.topic());
			maxWait = Math.max(maxWait, KafkaRecordFacts.timeInQueueMillis(record, now));
		}
		this.records = Collections.unmodifiableList(list);
		this.topics = Collections.unmodifiableSet(topicNames);
		this.listenerId = listenerId;
		this.groupId = groupId;
		this.clientId = clientId;
		this.maxTimeInQueueMillis = maxWait;
	}

	/**
	 * Returns the records, in the order the listener receives them.
	 * @return the records
	 */
	public List<ConsumerRecord<?, ?>> getRecords() {
		return this.records;
	}

	/**
	 * Returns the listener id.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Returns the consumer group.
	 * @return the group, or {@code null}
	 */
	public @Nullable String getGroupId() {
		return this.groupId;
	}

	/**
	 * Returns the consumer's client id.
	 * @return the client id, or {@code null}
	 */
	public @Nullable String getClientId() {
		return this.clientId;
	}

	/**
	 * Returns the topics the records came from.
	 * @return the topic names, in order of first appearance
	 */
	public Set<String> getTopics() {
		return this.topics;
	}

	/**
	 * Returns how long the oldest record of the batch waited in Kafka when the batch started.
	 * @return milliseconds, or -1 when no record has a timestamp
	 */
	public long getMaxTimeInQueueMillis() {
		return this.maxTimeInQueueMillis;
	}

	/**
	 * Returns whether the record carried a valid trace context of its own (its producer's), as found when the
	 * batch's span started.
	 */
	boolean hasTraceContext(ConsumerRecord<?, ?> record) {
		return this.recordsWithTraceContext.contains(record);
	}

	/**
	 * Sets the records that carried a valid trace context.
	 * @param records an identity set (see {@link #newRecordSet()}), not changed afterwards
	 */
	void setRecordsWithTraceContext(Set<ConsumerRecord<?, ?>> records) {
		this.recordsWithTraceContext = records;
	}

	// Records are compared by identity: two records of one batch are never equal, and equals is not defined.
	static Set<ConsumerRecord<?, ?>> newRecordSet() {
		return Collections.newSetFromMap(new IdentityHashMap<>());
	}

}
