package dev.portcullis.errors;

import dev.portcullis.json.JsonStrings;
import org.jspecify.annotations.Nullable;

/**
 * Renders an RFC 9457 problem document. Written by hand rather than through a JSON mapper
 * because the shape is fixed and small.
 */
final class ProblemJson {

	private ProblemJson() {
	}

	static String render(int status, String title, @Nullable String detail, String instance,
			@Nullable String requestId) {
		StringBuilder json = new StringBuilder(256);
		json.append("{\"type\":\"about:blank\",\"title\":");
		JsonStrings.append(json, title);
		json.append(",\"status\":").append(status);
		if (detail != null) {
			json.append(",\"detail\":");
			JsonStrings.append(json, detail);
		}
		json.append(",\"instance\":");
		JsonStrings.append(json, instance);
		if (requestId != null) {
			json.append(",\"requestId\":");
			JsonStrings.append(json, requestId);
		}
		return json.append('}').toString();
	}

}
