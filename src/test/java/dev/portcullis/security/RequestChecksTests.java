package dev.portcullis.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target and framing rules: what is routed, and why the rest is refused.
 */
class RequestChecksTests {

	@ParameterizedTest
	@ValueSource(strings = { "/", "/orders/42", "/orders/42?expand=lines", "/orders/a%20b", "/orders/%41",
			"/orders/v1.2/file.json", "/orders/..x", "/orders/x..", "/orders/.well-known", "/orders/42/",
			"/orders;jsessionid=1/42", "/search?q=a/../b", "/search?q=%2e%2e%2f", "/orders/caf%C3%A9" })
	void routesCleanPaths(String target) {
		assertThat(RequestChecks.pathProblem(target)).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			/orders/../admin          | '.' or '..' segment
			/orders/./1               | '.' or '..' segment
			/orders/1/..              | '.' or '..' segment
			/..                       | '.' or '..' segment
			/orders/..;x=1/admin      | '.' or '..' segment
			/orders/%2e%2e/admin      | encoded '/', '\\', '.' or '%'
			/orders/%2E./admin        | encoded '/', '\\', '.' or '%'
			/orders%2F1               | encoded '/', '\\', '.' or '%'
			/orders/..%5cadmin        | encoded '/', '\\', '.' or '%'
			/orders/%252e%252e        | encoded '/', '\\', '.' or '%'
			//orders/1                | empty segment
			/orders//1                | empty segment
			/orders/%00               | encoded control character
			/orders/1?q=%0d%0a        | encoded control character
			/orders/%7F               | encoded control character
			/orders/%zz               | invalid percent-encoding
			/orders/%2                | invalid percent-encoding
			/orders/%                 | invalid percent-encoding
			/orders\\..\\admin        | must be percent-encoded
			/orders/1#top             | must be percent-encoded
			orders/1                  | must start with '/'
			?q=1                      | must start with '/'
			""")
	void refusesConfusablePaths(String target, String reason) {
		assertThat(RequestChecks.pathProblem(target)).contains(reason);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/orders/caf\u00e9", "/orders/a b", "/orders/a\tb", "/orders/\u0000", "/orders/\u007f" })
	void refusesRawBytesThatMustBeEncoded(String target) {
		assertThat(RequestChecks.pathProblem(target)).contains("must be percent-encoded");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http://gw.example/orders/1      | gw.example      | true
			HTTP://GW.example:8080/orders/1 | gw.example:8080 | true
			http://gw.example               | gw.example      | true
			https://gw.example/orders/1     | gw.example      | true
			http://evil.example/orders/1    | gw.example      | false
			http://gw.example/orders/1      |                 | false
			http://user@gw.example/orders/1 | user@gw.example | false
			http://gw.example/orders/../x   | gw.example      | false
			ftp://gw.example/orders/1       | gw.example      | false
			*                               | gw.example      | false
			gw.example:443                  | gw.example:443  | false
			""")
	void acceptsAbsoluteFormOnlyForTheHostOfTheRequest(String target, String host, boolean accepted) {
		assertThat(RequestChecks.targetProblem(target, host) == null).isEqualTo(accepted);
	}

	@Test
	void acceptsSingleFramings() {
		assertThat(RequestChecks.framingProblem(List.of(), List.of())).isNull();
		assertThat(RequestChecks.framingProblem(List.of("12"), List.of())).isNull();
		assertThat(RequestChecks.framingProblem(List.of("12, 12"), List.of())).isNull();
		assertThat(RequestChecks.framingProblem(List.of(), List.of("chunked"))).isNull();
		assertThat(RequestChecks.framingProblem(List.of(), List.of("Chunked"))).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			5      | chunked          | together
			0      | chunked          | together
			5,6    |                  | differing
			-1     |                  | not a number
			+5     |                  | not a number
			abc    |                  | not a number
			''     |                  | not a number
			1e3    |                  | not a number
			       | gzip             | single 'chunked'
			       | gzip, chunked    | single 'chunked'
			       | chunked, chunked | single 'chunked'
			       | identity         | single 'chunked'
			       | xchunked         | single 'chunked'
			""")
	void refusesAmbiguousFraming(String contentLength, String transferEncoding, String reason) {
		List<String> lengths = (contentLength == null) ? List.of()
				: List.of(contentLength.replace(",", ", ").split(";"));
		List<String> codings = (transferEncoding == null) ? List.of() : List.of(transferEncoding);
		assertThat(RequestChecks.framingProblem(lengths, codings)).contains(reason);
	}

	@Test
	void refusesSeveralContentLengthFieldsThatDiffer() {
		assertThat(RequestChecks.framingProblem(List.of("5", "6"), List.of())).contains("differing");
		assertThat(RequestChecks.framingProblem(List.of(), List.of("chunked", "chunked"))).contains("single");
	}

	@Test
	void knowsHeaderNamesAndValues() {
		assertThat(RequestChecks.isToken("X-Frame-Options")).isTrue();
		assertThat(RequestChecks.isToken("Bad Name")).isFalse();
		assertThat(RequestChecks.isToken("")).isFalse();
		assertThat(RequestChecks.isFieldValue("max-age=63072000; includeSubDomains")).isTrue();
		assertThat(RequestChecks.isFieldValue("a\r\nInjected: yes")).isFalse();
	}

}
