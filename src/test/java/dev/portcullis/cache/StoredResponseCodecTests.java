package dev.portcullis.cache;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredResponseCodecTests {

	@Test
	void roundTripsEveryField() {
		StoredResponse response = new StoredResponse("route", 203,
				Map.of("ETag", List.of("\"ü\""), "X-Multi", List.of("a", "b")), Map.of("accept-language", "de"),
				Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000), new byte[] { 0, 1, (byte) 255 });
		assertThat(StoredResponseCodec.decode(StoredResponseCodec.encode(response))).isEqualTo(response);
	}

	@Test
	void readsDamagedOrForeignBytesAsAbsent() {
		assertThat(StoredResponseCodec.decode(new byte[] { 9, 9, 9 })).isNull();
		assertThat(StoredResponseCodec.decode(new byte[0])).isNull();
		byte[] truncated = StoredResponseCodec
			.encode(new StoredResponse("r", 200, Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH, new byte[100]));
		assertThat(StoredResponseCodec.decode(java.util.Arrays.copyOf(truncated, truncated.length - 10))).isNull();
	}

}
