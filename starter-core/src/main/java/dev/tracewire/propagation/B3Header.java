package dev.tracewire.propagation;

/**
 * Checks the single {@code b3} header strictly: {@code {trace-id}-{span-id}[-{sampling}[-{parent-span-id}]]}
 * with a 16 or 32 lower-hex trace id, 16 lower-hex span ids, sampling {@code 0}, {@code 1} or {@code d}; or a
 * sampling flag alone. A malformed header is ignored as a whole rather than half read.
 */
final class B3Header {

	private B3Header() {
	}

	static boolean isValidSingle(String value) {
		String[] fields = value.strip().split("-", -1);
		if (fields.length == 1) {
			return isSampling(fields[0]);
		}
		if (fields.length > 4) {
			return false;
		}
		boolean ids = TraceParent.isValidId(fields[0], 32) || TraceParent.isValidId(fields[0], 16);
		ids &= TraceParent.isValidId(fields[1], 16);
		boolean sampling = fields.length < 3 || isSampling(fields[2]);
		boolean parent = fields.length < 4 || TraceParent.isValidId(fields[3], 16);
		return ids && sampling && parent;
	}

	private static boolean isSampling(String field) {
		return field.equals("0") || field.equals("1") || field.equals("d");
	}


}
