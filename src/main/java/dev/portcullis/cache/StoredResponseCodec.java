package dev.portcullis.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a {@link StoredResponse} in Redis: a version byte, then the fields
 * in order, strings as UTF-8 with a length, the body as raw bytes. An entry of another
 * version reads as absent, so a format change costs misses, not errors.
 */
final class StoredResponseCodec {

	private static final int VERSION = 1;

	private StoredResponseCodec() {
	}

	static byte[] encode(StoredResponse response) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(response.body().length + 512);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeUTF(response.routeId());
			out.writeShort(response.status());
			out.writeLong(response.requestTime().toEpochMilli());
			out.writeLong(response.responseTime().toEpochMilli());
			out.writeInt(response.headers().size());
			for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
				out.writeUTF(header.getKey());
				out.writeInt(header.getValue().size());
				for (String value : header.getValue()) {
					out.writeUTF(value);
				}
			}
			out.writeInt(response.varySelection().size());
			for (Map.Entry<String, String> selected : response.varySelection().entrySet()) {
				out.writeUTF(selected.getKey());
				out.writeUTF(selected.getValue());
			}
			out.writeInt(response.body().length);
			out.write(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** The decoded response, or {@code null} for another version or damaged bytes. */
	static @org.jspecify.annotations.Nullable StoredResponse decode(byte[] encoded) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
			if (in.readByte() != VERSION) {
				return null;
			}
			String routeId = in.readUTF();
			int status = in.readShort();
			Instant requestTime = Instant.ofEpochMilli(in.readLong());
			Instant responseTime = Instant.ofEpochMilli(in.readLong());
			int headerCount = in.readInt();
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 0; i < headerCount; i++) {
				String name = in.readUTF();
				int valueCount = in.readInt();
				List<String> values = new ArrayList<>(valueCount);
				for (int j = 0; j < valueCount; j++) {
					values.add(in.readUTF());
				}
				headers.put(name, List.copyOf(values));
			}
			int selectedCount = in.readInt();
			Map<String, String> varySelection = new LinkedHashMap<>();
			for (int i = 0; i < selectedCount; i++) {
				varySelection.put(in.readUTF(), in.readUTF());
			}
			byte[] body = new byte[in.readInt()];
			in.readFully(body);
			return new StoredResponse(routeId, status, headers, varySelection, requestTime, responseTime, body);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
