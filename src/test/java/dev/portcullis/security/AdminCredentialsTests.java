package dev.portcullis.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AdminCredentialsTests {

	@Test
	void usesTheConfiguredPasswordAndLogsNothing(CapturedOutput output) {
		AdminCredentials credentials = AdminCredentials.from(new AdminProperties("admin", "s3cret-from-env"));
		assertThat(credentials.password()).isEqualTo("s3cret-from-env");
		assertThat(credentials.generated()).isFalse();
		assertThat(output).doesNotContain("s3cret-from-env").doesNotContain("generated password");
	}

	@Test
	void generatesARandomPasswordWhenNoneIsSetAndLogsItOnce(CapturedOutput output) {
		AdminCredentials first = AdminCredentials.from(new AdminProperties("admin", null));
		AdminCredentials second = AdminCredentials.from(new AdminProperties("admin", "  "));
		assertThat(first.generated()).isTrue();
		assertThat(first.password()).hasSizeGreaterThanOrEqualTo(24).isNotEqualTo(second.password());
		assertThat(output.toString().split(first.password(), -1)).hasSize(2);
	}

	@Test
	void neverPrintsThePasswordInToString() {
		assertThat(AdminCredentials.from(new AdminProperties("admin", "hunter2")).toString()).doesNotContain("hunter2");
	}

}
