package dev.portcullis.tls;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HttpsRedirectTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			example.com         | /a?b=1          | 8443 | https://example.com:8443/a?b=1
			example.com:8080    | /               | 443  | https://example.com/
			EXAMPLE.com:80      | /x/%2e/y?q=a%20b | 443 | https://EXAMPLE.com/x/%2e/y?q=a%20b
			127.0.0.1:8080      | /x              | 8443 | https://127.0.0.1:8443/x
			[::1]:8080          | /x              | 8443 | https://[::1]:8443/x
			[::1]               | /x              | 443  | https://[::1]/x
			api.example.com     | //double        | 443  | https://api.example.com//double
			""")
	void keepsHostPathAndQueryAndNamesTheHttpsPort(String host, String target, int port, String location) {
		assertThat(HttpsRedirect.location(host, target, port)).isEqualTo(location);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			NULL                | /x
			''                  | /x
			evil.com/path       | /x
			user@evil.com       | /x
			'a b'               | /x
			example.com:80x     | /x
			example.com:        | /x
			-example.com        | /x
			[::1                | /x
			[evil.com]          | /x
			example.com         | *
			example.com         | http://other.example/x
			example.com         | 'x'
			example.com         | '/a b'
			example.com         | /é
			""")
	void refusesWhatCannotBeRedirectedSafely(String host, String target) {
		assertThat(HttpsRedirect.location(host, target, 8443)).isNull();
	}

}
