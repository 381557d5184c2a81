package dev.portcullis.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes objects of one {@code helm template} run, parsed from its multi-document
 * YAML, with lookups by kind and by path.
 */
final class Manifests {

	private final List<Map<String, Object>> objects;

	private Manifests(List<Map<String, Object>> objects) {
		this.objects = objects;
	}

	static Manifests parse(String yaml) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : newYaml().loadAll(yaml)) {
			if (document != null) {
				objects.add(asMap(document));
			}
		}
		return new Manifests(objects);
	}

	static Yaml newYaml() {
		return new Yaml(new SafeConstructor(new LoaderOptions()));
	}

	List<String> kinds() {
		return this.objects.stream().map((object) -> (String) object.get("kind")).sorted().toList();
	}

	boolean has(String kind) {
		return this.objects.stream().anyMatch((object) -> kind.equals(object.get("kind")));
	}

	/** The one object of this kind; fails when there is none or more than one. */
	Map<String, Object> one(String kind) {
		List<Map<String, Object>> found = all(kind);
		assertThat(found).as("objects of kind " + kind + " in " + kinds()).hasSize(1);
		return found.get(0);
	}

	List<Map<String, Object>> all(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	/** The gateway container of the Deployment. */
	Map<String, Object> container() {
		List<Object> containers = list(one("Deployment"), "spec.template.spec.containers");
		assertThat(containers).hasSize(1);
		return asMap(containers.get(0));
	}

	/**
	 * The environment of the gateway container, by name; a value or a secretKeyRef map.
	 */
	Map<String, Object> env() {
		return list(container(), "env").stream()
			.map(Manifests::asMap)
			.collect(Collectors.toMap((env) -> (String) env.get("name"),
					(env) -> Objects.requireNonNullElse(env.get("value"), env.get("valueFrom"))));
	}

	/** The {@code application.yml} held by the ConfigMap, parsed. */
	Map<String, Object> applicationYaml() {
		String yaml = (String) get(one("ConfigMap"), "data.application\\.yml");
		return asMap(newYaml().load(yaml));
	}

	/**
	 * The value at a dotted path; a segment may contain an escaped dot ({@code a\.b}),
	 * and a number indexes a list.
	 */
	static Object get(Object root, String path) {
		Object current = root;
		for (String segment : path.split("(?<!\\\\)\\.")) {
			String key = segment.replace("\\.", ".");
			if (current instanceof List<?> list && key.matches("\\d+")) {
				current = list.get(Integer.parseInt(key));
			}
			else {
				assertThat(current).as("parent of '" + key + "' in " + path).isInstanceOf(Map.class);
				current = ((Map<?, ?>) current).get(key);
			}
			if (current == null) {
				return null;
			}
		}
		return current;
	}

	static Map<String, Object> map(Object root, String path) {
		Object value = get(root, path);
		assertThat(value).as(path).isInstanceOf(Map.class);
		return asMap(value);
	}

	static List<Object> list(Object root, String path) {
		Object value = get(root, path);
		assertThat(value).as(path).isInstanceOf(List.class);
		return new ArrayList<>((List<?>) value);
	}

	@SuppressWarnings("unchecked") // SnakeYAML's SafeConstructor builds maps with String
									// keys here
	static Map<String, Object> asMap(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

}
