package dev.portcullis.cache;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stored response: what the upstream sent (status, header fields minus hop-by-hop
 * ones, body bytes), when the request went out and the response came in (for the
 * {@code Age} calculation of RFC 9111 §4.2.3), and the request header values its
 * {@code Vary} selected.
 *
 * @param routeId the route that stored it, for purge by route
 * @param status the response status
 * @param headers the response header fields as received
 * @param varySelection the request values of the fields that {@code Vary} names, by
 * lower-case name; a field the request did not carry is absent
 * @param requestTime when the request that produced (or last validated) it was sent
 * @param responseTime when that response was received
 * @param body the body bytes as received (still content-encoded)
 */
record StoredResponse(String routeId, int status, Map<String, List<String>> headers, Map<String, String> varySelection,
		Instant requestTime, Instant responseTime, byte[] body) {

	Fields fields() {
		return Fields.of(this.headers);
	}

	/** An approximate size in bytes, used to weigh entries in memory. */
	int weight() {
		int weight = this.body.length + 128;
		for (Map.Entry<String, List<String>> header : this.headers.entrySet()) {
			weight += header.getKey().length();
			for (String value : header.getValue()) {
				weight += value.length() + 4;
			}
		}
		return weight;
	}

	/** Identifies this variant among the others stored for the same URL. */
	String variantId() {
		return variantId(this.varySelection);
	}

	static String variantId(Map<String, String> varySelection) {
		if (varySelection.isEmpty()) {
			return "-";
		}
		StringBuilder id = new StringBuilder();
		varySelection.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((e) -> id.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
		return id.toString();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof StoredResponse that && this.routeId.equals(that.routeId) && this.status == that.status
				&& this.headers.equals(that.headers) && this.varySelection.equals(that.varySelection)
				&& this.requestTime.equals(that.requestTime) && this.responseTime.equals(that.responseTime)
				&& java.util.Arrays.equals(this.body, that.body);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(this.routeId, this.status, this.headers, this.requestTime)
				+ java.util.Arrays.hashCode(this.body);
	}

	@Override
	public String toString() {
		return "StoredResponse[" + this.routeId + " " + this.status + " " + this.headers + " vary=" + this.varySelection
				+ " body=" + this.body.length + " bytes]";
	}

}
