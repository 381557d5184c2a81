package dev.portcullis.json;

/**
 * Appends JSON string literals, escaped per RFC 8259 §7, for the small fixed documents
 * the gateway writes itself (problem bodies, demo responses) without a JSON mapper.
 */
public final class JsonStrings {

	private JsonStrings() {
	}

	/** Appends {@code value} as a quoted, escaped JSON string. */
	public static StringBuilder append(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == '\u2028' || c == '\u2029') {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

	/** The quoted, escaped JSON string for {@code value}. */
	public static String quote(String value) {
		return append(new StringBuilder(value.length() + 2), value).toString();
	}

}
