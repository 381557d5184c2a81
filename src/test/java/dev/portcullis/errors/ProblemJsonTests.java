package dev.portcullis.errors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemJsonTests {

	private final JsonMapper mapper = JsonMapper.shared();

	@Test
	void rendersEveryField() {
		String json = ProblemJson.render(404, "Not Found", "No route matches this request.", "/orders/1", "abc123");
		assertThat(json).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
				+ "\"detail\":\"No route matches this request.\",\"instance\":\"/orders/1\",\"requestId\":\"abc123\"}");
		JsonNode problem = this.mapper.readTree(json);
		assertThat(problem.get("status").isNumber()).isTrue();
		assertThat(problem.get("status").intValue()).isEqualTo(404);
		assertThat(problem.get("requestId").stringValue()).isEqualTo("abc123");
	}

	@Test
	void omitsDetailWhenThereIsNone() {
		JsonNode problem = this.mapper
			.readTree(ProblemJson.render(405, "Method Not Allowed", null, "/orders", "abc123"));
		assertThat(problem.propertyNames()).containsExactly("type", "title", "status", "instance", "requestId");
	}

	@Test
	void omitsRequestIdWhenThereIsNone() {
		JsonNode problem = this.mapper
			.readTree(ProblemJson.render(502, "Bad Gateway", "The upstream refused.", "/orders", null));
		assertThat(problem.propertyNames()).containsExactly("type", "title", "status", "detail", "instance");
	}

	@Test
	void omitsBothOptionalFields() {
		String json = ProblemJson.render(500, "Internal Server Error", null, "/", null);
		assertThat(json).isEqualTo(
				"{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,\"instance\":\"/\"}");
	}

	@Test
	void escapesAHostileInstancePathIntoValidJson() {
		String instance = "/a\"b\\c\n\r\t\u0000\u001f\u2028\u2029</script>";
		String json = ProblemJson.render(404, "Not \"Found\"", "Line\nbreak", instance, "id\"1");
		assertThat(json).doesNotContain("\n", "\r", "\t", "\u0000", "\u001f", "\u2028", "\u2029");
		JsonNode problem = this.mapper.readTree(json);
		assertThat(problem.get("instance").stringValue()).isEqualTo(instance);
		assertThat(problem.get("title").stringValue()).isEqualTo("Not \"Found\"");
		assertThat(problem.get("detail").stringValue()).isEqualTo("Line\nbreak");
		assertThat(problem.get("requestId").stringValue()).isEqualTo("id\"1");
		assertThat(problem.size()).isEqualTo(6);
	}

}
