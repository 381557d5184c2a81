package dev.portcullis.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.portcullis.deploy.Manifests.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the {@code Dockerfile} by reading it (Docker is not available to the build): a
 * JDK build stage, a JRE run stage holding only the extracted layers, the ports the
 * application listens on, a non-root user that the Helm chart's pod security context
 * agrees with, and the same JVM options as the chart and the compose file.
 */
class DockerfileTests {

	static List<String> build;

	static List<String> run;

	@BeforeAll
	static void read() {
		// Instructions only: no comments, continuation lines joined.
		List<String> instructions = Arrays
			.stream(DeploymentFiles.read("Dockerfile").replaceAll("\\\\\\n\\s*", " ").split("\\n"))
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		List<Integer> froms = IntStream.range(0, instructions.size())
			.filter((i) -> instructions.get(i).startsWith("FROM "))
			.boxed()
			.toList();
		assertThat(froms).as("stages").hasSize(2);
		build = instructions.subList(froms.get(0), froms.get(1));
		run = instructions.subList(froms.get(1), instructions.size());
	}

	@Test
	void buildsWithTheMavenWrapperOnAJava25Jdk() {
		assertThat(build.get(0)).isEqualTo("FROM eclipse-temurin:25-jdk AS build");
		assertThat(build)
			.anyMatch((line) -> line.startsWith("RUN ") && line.contains("./mvnw") && line.contains("package"));
		assertThat(build).anyMatch((line) -> line
			.equals("RUN java -Djarmode=tools -jar portcullis.jar extract --layers --destination extracted"));
	}

	@Test
	void runsOnAJava25JreWithOnlyTheExtractedLayers() {
		assertThat(run.get(0)).isEqualTo("FROM eclipse-temurin:25-jre");
		List<String> copies = run.stream().filter((line) -> line.startsWith("COPY ")).toList();
		// Least often changed first, so that a code change rebuilds only the last layer.
		assertThat(copies).containsExactly("COPY --from=build /build/extracted/dependencies/ ./",
				"COPY --from=build /build/extracted/spring-boot-loader/ ./",
				"COPY --from=build /build/extracted/snapshot-dependencies/ ./",
				"COPY --from=build /build/extracted/application/ ./");
		assertThat(run).noneMatch((line) -> line.contains("mvnw") || line.contains("jdk"));
		assertThat(run).contains(
				"ENTRYPOINT [\"java\", \"-XX:AOTCache=/app/portcullis.aot\", \"-jar\", \"/app/portcullis.jar\"]",
				"WORKDIR /app");
	}

	@Test
	void trainsTheAheadOfTimeCacheOnTheRuntimeImageWithTheJarTheEntrypointRuns() {
		String training = run.stream()
			.filter((line) -> line.startsWith("RUN ") && line.contains("-XX:AOTCacheOutput="))
			.findFirst()
			.orElseThrow();
		// The cache is only valid for the JVM and class path that made it: the runtime
		// image's java, and the same jar path as the entrypoint.
		assertThat(training).contains("java -XX:AOTCacheOutput=/app/portcullis.aot", "-jar /app/portcullis.jar",
				"-Dspring.context.exit=onRefresh", "--portcullis.demo.enabled=false", "--server.port=0",
				"--management.server.port=0");
		assertThat(run.indexOf(training)).as("trained after the application layers are copied, before USER")
			.isGreaterThan(run.indexOf("COPY --from=build /build/extracted/application/ ./"))
			.isLessThan(run.indexOf(run.stream().filter((line) -> line.startsWith("USER ")).findFirst().orElseThrow()));
	}

	@Test
	void exposesThePortsTheApplicationListensOn() {
		Map<String, Object> application = DeploymentFiles.applicationYaml();
		assertThat(run)
			.contains("EXPOSE " + get(application, "server.port") + " " + get(application, "management.server.port"));
	}

	@Test
	void runsAsTheNonRootUserTheHelmChartExpects() {
		String user = run.stream().filter((line) -> line.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
		Matcher uid = Pattern.compile("USER (\\d+):(\\d+)").matcher(user);
		assertThat(uid.matches()).as(user + " is numeric, so runAsNonRoot can check it").isTrue();
		assertThat(Integer.parseInt(uid.group(1))).isPositive();
		Map<String, Object> pod = Manifests.map(HelmChartTests.template((command) -> command).one("Deployment"),
				"spec.template.spec.securityContext");
		assertThat(pod).containsEntry("runAsUser", Integer.parseInt(uid.group(1)))
			.containsEntry("runAsGroup", Integer.parseInt(uid.group(2)));
	}

	@Test
	void setsContainerAwareMemoryOptionsSharedWithTheChartAndCompose() {
		String env = run.stream().filter((line) -> line.startsWith("ENV JDK_JAVA_OPTIONS=")).findFirst().orElseThrow();
		String options = env.substring("ENV JDK_JAVA_OPTIONS=".length()).replace("\"", "");
		assertThat(options).contains("-XX:InitialRAMPercentage=", "-XX:MaxRAMPercentage=",
				"-XX:+ExitOnOutOfMemoryError");
		assertThat(get(DeploymentFiles.yaml("helm/portcullis/values.yaml"), "jvm.options")).isEqualTo(options);
		assertThat(get(DeploymentFiles.yaml("docker-compose.yml"), "services.portcullis.environment.JDK_JAVA_OPTIONS"))
			.isEqualTo(options);
	}

	@Test
	void sendsOnlyWhatTheBuildCopiesToTheDockerDaemon() {
		List<String> ignore = Arrays.stream(DeploymentFiles.read(".dockerignore").split("\\n"))
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(ignore).containsExactly("*", "!mvnw", "!pom.xml", "!.mvn", "!src/main");
		assertThat(build.stream().filter((line) -> line.startsWith("COPY "))).containsExactly("COPY mvnw pom.xml ./",
				"COPY .mvn/ .mvn/", "COPY src/main/ src/main/");
	}

}
