package dev.portcullis.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import static dev.portcullis.deploy.Manifests.get;
import static dev.portcullis.deploy.Manifests.list;
import static dev.portcullis.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Lints and renders the Helm chart {@code helm/portcullis} with Helm itself (helm-java
 * runs Helm's Go code in-process) for the default values and for every option switched
 * on, and checks the objects a cluster would receive.
 */
class HelmChartTests {

	static final Path CHART = Paths.get("helm/portcullis");

	static final String FULL_VALUES = "/dev/portcullis/deploy/full-values.yaml";

	/**
	 * Properties that branches in progress add to the application (the shared cache and
	 * rate-limit stores, the Spring Cloud Config client); the chart already sets them.
	 */
	static final Set<String> PROPERTIES_IN_PROGRESS = Set.of("portcullis.cache.store", "portcullis.ratelimit.store",
			"spring.cloud.config.uri", "spring.cloud.config.username", "spring.cloud.config.password");

	static Manifests defaults;

	static Manifests full;

	@BeforeAll
	static void render(@TempDir Path temp) throws IOException {
		defaults = template(UnaryOperator.identity());
		Path fullValues = temp.resolve("full-values.yaml");
		try (InputStream in = HelmChartTests.class.getResourceAsStream(FULL_VALUES)) {
			Files.copy(in, fullValues);
		}
		full = template((command) -> command.withValuesFile(fullValues));
	}

	static Manifests template(UnaryOperator<TemplateCommand> values) {
		TemplateCommand command = new Helm(CHART).template().withName("edge").withNamespace("gateway");
		return Manifests.parse(values.apply(command).call());
	}

	@Test
	void lintsWithoutWarningsForTheDefaultValues() {
		assertLintsClean(CHART);
	}

	@Test
	void lintsWithoutWarningsWithEveryOptionEnabled(@TempDir Path temp) throws IOException {
		Path chart = temp.resolve("portcullis");
		FileSystemUtils.copyRecursively(CHART, chart);
		Map<String, Object> values = Manifests
			.asMap(Manifests.newYaml().load(Files.readString(chart.resolve("values.yaml"))));
		try (InputStream in = HelmChartTests.class.getResourceAsStream(FULL_VALUES)) {
			deepMerge(values, Manifests.asMap(Manifests.newYaml().load(in)));
		}
		Files.writeString(chart.resolve("values.yaml"), Manifests.newYaml().dump(values));
		assertLintsClean(chart);
	}

	private static void assertLintsClean(Path chart) {
		LintResult result = new Helm(chart).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
		assertThat(result.getMessages())
			.noneMatch((message) -> message.contains("[ERROR]") || message.contains("[WARNING]"));
	}

	@Test
	void rendersOnlyTheCoreObjectsByDefault() {
		assertThat(defaults.kinds()).containsExactly("ConfigMap", "Deployment", "PodDisruptionBudget", "Service");
		assertThat(get(defaults.one("Deployment"), "spec.replicas")).isEqualTo(2);
		assertThat(get(defaults.one("PodDisruptionBudget"), "spec.maxUnavailable")).isEqualTo(1);
	}

	@Test
	void rendersEveryOptionalObjectWhenEnabled() {
		assertThat(full.kinds()).containsExactly("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress",
				"NetworkPolicy", "PodDisruptionBudget", "Role", "RoleBinding", "Secret", "Secret", "Service",
				"ServiceAccount", "ServiceMonitor");
	}

	@Test
	void probesTheManagementPortsHealthGroups() {
		Map<String, Object> container = defaults.container();
		assertThat(list(container, "ports")).containsExactly(
				Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"),
				Map.of("name", "management", "containerPort", 8081, "protocol", "TCP"));
		assertThat(get(container, "startupProbe.httpGet"))
			.isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
		assertThat(get(container, "livenessProbe.httpGet"))
			.isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
		assertThat(get(container, "readinessProbe.httpGet"))
			.isEqualTo(Map.of("path", "/actuator/health/readiness", "port", "management"));
		// Start-up may take two minutes before liveness may restart the pod.
		assertThat((int) get(container, "startupProbe.periodSeconds")
				* (int) get(container, "startupProbe.failureThreshold"))
			.isEqualTo(120);
	}

	@Test
	void servicePublishesGatewayAndManagementPorts() {
		assertThat(list(defaults.one("Service"), "spec.ports")).containsExactly(
				Map.of("name", "http", "port", 80, "targetPort", "http", "protocol", "TCP"),
				Map.of("name", "management", "port", 8081, "targetPort", "management", "protocol", "TCP"));
		assertThat(get(full.one("Service"), "spec.ports.0.name")).isEqualTo("https");
	}

	@Test
	void runsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
		Map<String, Object> pod = map(defaults.one("Deployment"), "spec.template.spec");
		assertThat(get(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(get(pod, "securityContext.runAsUser")).isEqualTo(10001);
		assertThat(get(pod, "automountServiceAccountToken")).isEqualTo(false);
		Map<String, Object> container = defaults.container();
		assertThat(get(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(get(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(list(container, "securityContext.capabilities.drop")).containsExactly("ALL");
		assertThat(list(container, "volumeMounts")).contains(Map.of("name", "tmp", "mountPath", "/tmp"));
		assertThat(list(pod, "volumes")).contains(Map.of("name", "tmp", "emptyDir", Map.of("sizeLimit", "64Mi")));
	}

	@Test
	void finishesInFlightRequestsWithinTheTerminationGracePeriod() {
		Map<String, Object> pod = map(defaults.one("Deployment"), "spec.template.spec");
		int grace = (int) get(pod, "terminationGracePeriodSeconds");
		List<Object> preStop = list(defaults.container(), "lifecycle.preStop.exec.command");
		assertThat(preStop.get(0)).isEqualTo("sleep");
		int sleep = Integer.parseInt((String) preStop.get(1));
		int readinessWindow = (int) get(defaults.container(), "readinessProbe.periodSeconds")
				* (int) get(defaults.container(), "readinessProbe.failureThreshold");
		String phase = (String) get(defaults.applicationYaml(), "spring.lifecycle.timeout-per-shutdown-phase");
		assertThat(sleep).isGreaterThan(readinessWindow);
		assertThat(sleep + Integer.parseInt(phase.replace("s", ""))).isLessThan(grace);
		assertThat(phase).isEqualTo("25s");
		// The preStop sleep drains; a readiness delay after SIGTERM would eat the margin.
		assertThat(get(defaults.applicationYaml(), "portcullis.shutdown.readiness-delay")).isEqualTo("0s");
	}

	@Test
	void spreadsReplicasOverNodesAndZonesAndRollsWithoutLosingCapacity() {
		Map<String, Object> deployment = defaults.one("Deployment");
		Map<String, Object> selector = Map.of("app.kubernetes.io/name", "portcullis", "app.kubernetes.io/instance",
				"edge");
		assertThat(get(deployment,
				"spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.podAffinityTerm.labelSelector.matchLabels"))
			.isEqualTo(selector);
		assertThat(get(deployment, "spec.template.spec.topologySpreadConstraints.0.topologyKey"))
			.isEqualTo("topology.kubernetes.io/zone");
		assertThat(get(deployment, "spec.strategy.rollingUpdate"))
			.isEqualTo(Map.of("maxSurge", 1, "maxUnavailable", 0));
		assertThat(get(full.one("Deployment"),
				"spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.topologyKey"))
			.isEqualTo("kubernetes.io/hostname");
	}

	@Test
	void defaultConfigurationRunsWithoutTheDemoOnMemoryStores() {
		Map<String, Object> env = defaults.env();
		assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo("kubernetes");
		assertThat(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("file:/etc/portcullis/config/");
		assertThat(env).doesNotContainKeys("SPRING_DATA_REDIS_PASSWORD", "SPRING_CONFIG_IMPORT");
		assertThat(list(defaults.container(), "volumeMounts"))
			.contains(Map.of("name", "config", "mountPath", "/etc/portcullis/config", "readOnly", true));
		Map<String, Object> config = defaults.applicationYaml();
		assertThat(get(config, "server.port")).isEqualTo(8080);
		assertThat(get(config, "management.server.port")).isEqualTo(8081);
		assertThat(get(config, "spring.data")).isNull();
		assertThat(get(config, "server.ssl")).isNull();
		assertThat(get(config, "portcullis.tls")).isNull();
		assertThat(get(config, "portcullis.cache")).isNull();
	}

	@Test
	void configurationHoldsRoutesUpstreamsRedisTlsAndExtraProperties() {
		Map<String, Object> config = full.applicationYaml();
		assertThat(get(config, "spring.cloud.gateway.server.webflux.routes.0.uri")).isEqualTo("lb://orders");
		assertThat(get(config, "spring.cloud.gateway.server.webflux.httpclient.response-timeout")).isEqualTo("10s");
		assertThat(list(config, "portcullis.upstreams.orders.instances")).containsExactly("http://orders.shop.svc:8080",
				"http://orders-canary.shop.svc:8080");
		assertThat(list(config, "portcullis.forwarding.trusted-proxies")).containsExactly("10.0.0.0/8");
		assertThat(get(config, "portcullis.observability.access-log")).isEqualTo(false);
		assertThat(map(config, "spring.data.redis")).containsEntry("host", "redis.data.svc")
			.containsEntry("port", 6380)
			.containsEntry("ssl", Map.of("enabled", true))
			.doesNotContainKey("password");
		assertThat(get(config, "portcullis.cache.store")).isEqualTo("redis");
		assertThat(get(config, "portcullis.ratelimit.store")).isEqualTo("redis");
		assertThat(map(config, "portcullis.tls")).isEqualTo(Map.of("enabled", true, "certificate",
				"/etc/portcullis/tls/tls.crt", "private-key", "/etc/portcullis/tls/tls.key"));
		assertThat(list(full.container(), "volumeMounts"))
			.contains(Map.of("name", "tls", "mountPath", "/etc/portcullis/tls", "readOnly", true));
		assertThat(get(full.container(), "image")).isEqualTo("registry.example.com/portcullis:1.2.3");
	}

	@Test
	void sentinelValuesConfigureSpringDataRedisSentinel() {
		Manifests sentinel = template((command) -> command.set("redis.enabled", "true")
			.set("redis.sentinel.master", "mymaster")
			.set("redis.sentinel.nodes[0]", "sentinel-0.redis:26379")
			.set("redis.sentinel.nodes[1]", "sentinel-1.redis:26379"));
		Map<String, Object> redis = map(sentinel.applicationYaml(), "spring.data.redis");
		assertThat(redis).doesNotContainKeys("host", "port");
		assertThat(redis.get("sentinel")).isEqualTo(
				Map.of("master", "mymaster", "nodes", List.of("sentinel-0.redis:26379", "sentinel-1.redis:26379")));
		assertThat(sentinel.env()).doesNotContainKey("SPRING_DATA_REDIS_PASSWORD");
	}

	@Test
	void everyPropertyAndVariableTheChartSetsIsOneTheGatewayReads() {
		ConfigurationMetadata metadata = ConfigurationMetadata.load();
		assertThat(metadata.isDeclared("portcullis.admin.passwrd")).as("a typo").isFalse();
		assertThat(metadata.propertyOf("SPRING_DATA_REDIS_HOSTT")).as("a typo").isEmpty();
		List<String> keys = ConfigurationMetadata.flatten(full.applicationYaml());
		assertThat(keys).hasSizeGreaterThan(15);
		assertThat(keys).filteredOn((key) -> !metadata.isDeclared(key))
			.as("keys no property is declared for")
			.isSubsetOf(PROPERTIES_IN_PROGRESS);
		// JDK_JAVA_OPTIONS is read by the java launcher, TZ is the test's own extraEnv.
		Set<String> notProperties = new HashSet<>(Set.of("JDK_JAVA_OPTIONS", "TZ"));
		PROPERTIES_IN_PROGRESS
			.forEach((property) -> notProperties.add(property.replace('.', '_').toUpperCase(Locale.ROOT)));
		assertThat(full.env()).containsKeys("PORTCULLIS_ADMIN_PASSWORD", "SPRING_DATA_REDIS_PASSWORD",
				"SPRING_PROFILES_ACTIVE", "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_CONFIG_IMPORT");
		assertThat(full.env().keySet()).filteredOn((name) -> metadata.propertyOf(name).isEmpty())
			.as("environment variables no property is declared for")
			.isSubsetOf(notProperties);
	}

	@Test
	void keepsPasswordsInSecretsAndReferencesExistingOnes() {
		// Without a password the chart generates one in a pre-install hook (which helm
		// template leaves out), so that it survives upgrades.
		assertThat(defaults.has("Secret")).isFalse();
		assertThat(defaults.env().get("PORTCULLIS_ADMIN_PASSWORD")).isEqualTo(Map.of("secretKeyRef",
				Map.of("name", "edge-portcullis-admin", "key", "admin-password", "optional", true)));

		Map<String, Object> fullSecret = full.all("Secret")
			.stream()
			.filter((s) -> "Opaque".equals(s.get("type")))
			.findFirst()
			.orElseThrow();
		assertThat(map(fullSecret, "data")).containsEntry("admin-password", b64("admin-secret"))
			.containsEntry("redis-password", b64("redis-secret"));
		assertThat(full.env().get("SPRING_DATA_REDIS_PASSWORD"))
			.isEqualTo(Map.of("secretKeyRef", Map.of("name", "edge-portcullis", "key", "redis-password")));
		Map<String, Object> tls = full.all("Secret")
			.stream()
			.filter((s) -> "kubernetes.io/tls".equals(s.get("type")))
			.findFirst()
			.orElseThrow();
		assertThat(map(tls, "data")).containsOnlyKeys("tls.crt", "tls.key");
		assertThat(list(full.one("Deployment"), "spec.template.spec.volumes"))
			.contains(Map.of("name", "tls", "secret", Map.of("secretName", "edge-portcullis-tls")));

		Manifests existing = template((command) -> command.set("admin.existingSecret", "ops-admin")
			.set("redis.enabled", "true")
			.set("redis.host", "redis")
			.set("redis.existingSecret", "ops-redis")
			.set("tls.enabled", "true")
			.set("tls.existingSecret", "edge-cert"));
		assertThat(existing.has("Secret")).isFalse();
		assertThat(existing.env().get("PORTCULLIS_ADMIN_PASSWORD"))
			.isEqualTo(Map.of("secretKeyRef", Map.of("name", "ops-admin", "key", "admin-password")));
		assertThat(existing.env().get("SPRING_DATA_REDIS_PASSWORD"))
			.isEqualTo(Map.of("secretKeyRef", Map.of("name", "ops-redis", "key", "redis-password")));
		assertThat(list(existing.one("Deployment"), "spec.template.spec.volumes"))
			.contains(Map.of("name", "tls", "secret", Map.of("secretName", "edge-cert")));
	}

	@Test
	void aChangedConfigurationRollsThePods() {
		Manifests changed = template((command) -> command.set("config.trustedProxies[0]", "10.1.0.0/16"));
		String annotation = "spec.template.metadata.annotations.checksum/config";
		assertThat(get(changed.one("Deployment"), annotation))
			.isNotEqualTo(get(defaults.one("Deployment"), annotation));
		assertThat(get(template(UnaryOperator.identity()).one("Deployment"), annotation))
			.isEqualTo(get(defaults.one("Deployment"), annotation));
	}

	@Test
	void importsConfigurationFromTheConfigServer() {
		Map<String, Object> env = full.env();
		assertThat(env.get("SPRING_CONFIG_IMPORT")).isEqualTo("configserver:");
		assertThat(env.get("SPRING_CLOUD_CONFIG_URI")).isEqualTo("http://config-server.config:8888");
		assertThat(env.get("SPRING_CLOUD_CONFIG_PASSWORD"))
			.isEqualTo(Map.of("secretKeyRef", Map.of("name", "config-server-credentials", "key", "password")));
		Manifests optional = template(
				(command) -> command.set("configServer.enabled", "true").set("configServer.uri", "http://config:8888"));
		assertThat(optional.env().get("SPRING_CONFIG_IMPORT")).isEqualTo("optional:configserver:");
	}

	@Test
	void scalesWithTheAutoscalerWithinTheDisruptionBudget() {
		assertThat(get(full.one("Deployment"), "spec.replicas")).isNull();
		Map<String, Object> hpa = full.one("HorizontalPodAutoscaler");
		assertThat(get(hpa, "spec.scaleTargetRef.name")).isEqualTo("edge-portcullis");
		assertThat(get(hpa, "spec.minReplicas")).isEqualTo(3);
		assertThat(get(hpa, "spec.maxReplicas")).isEqualTo(12);
		assertThat(get(hpa, "spec.metrics.0.resource.target.averageUtilization")).isEqualTo(60);
		assertThat(get(hpa, "spec.metrics.1.resource.name")).isEqualTo("memory");
		Map<String, Object> pdb = full.one("PodDisruptionBudget");
		assertThat(get(pdb, "spec.minAvailable")).isEqualTo(2);
		assertThat(get(pdb, "spec.maxUnavailable")).isNull();
	}

	@Test
	void exposesIngressMetricsNetworkPolicyAndDiscoveryPermissions() {
		assertThat(get(full.one("Ingress"), "spec.rules.0.http.paths.0.backend.service"))
			.isEqualTo(Map.of("name", "edge-portcullis", "port", Map.of("name", "https")));
		assertThat(get(full.one("ServiceMonitor"), "spec.endpoints.0")).isEqualTo(Map.of("port", "management", "path",
				"/actuator/prometheus", "interval", "30s", "scrapeTimeout", "10s"));
		Map<String, Object> policy = full.one("NetworkPolicy");
		assertThat(get(policy, "spec.ingress.0.ports.0.port")).isEqualTo("http");
		assertThat(get(policy, "spec.ingress.0.from")).isNull();
		assertThat(get(policy, "spec.ingress.1.from.0.namespaceSelector.matchLabels"))
			.isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
		assertThat(list(full.one("Role"), "rules")).containsExactly(
				Map.of("apiGroups", List.of(""), "resources", List.of("services", "endpoints"), "verbs",
						List.of("get", "list", "watch")),
				Map.of("apiGroups", List.of("discovery.k8s.io"), "resources", List.of("endpointslices"), "verbs",
						List.of("get", "list", "watch")));
		assertThat(get(full.one("Deployment"), "spec.template.spec.serviceAccountName")).isEqualTo("edge-portcullis");
		assertThat(get(full.one("Deployment"), "spec.template.spec.automountServiceAccountToken")).isEqualTo(true);
	}

	@Test
	void refusesValuesThatCannotWork() {
		assertThatException().isThrownBy(() -> template((command) -> command.set("redis.enabled", "true")))
			.withMessageContaining("redis.enabled needs exactly one of redis.host");
		assertThatException()
			.isThrownBy(() -> template((command) -> command.set("redis.enabled", "true")
				.set("redis.host", "redis")
				.set("redis.cluster.nodes[0]", "r1:6379")))
			.withMessageContaining("exactly one of");
		assertThatException().isThrownBy(() -> template((command) -> command.set("tls.enabled", "true")))
			.withMessageContaining("tls.enabled needs tls.existingSecret");
		assertThatException().isThrownBy(() -> template((command) -> command.set("shutdown.preStopSleepSeconds", "5")))
			.withMessageContaining("preStopSleepSeconds must exceed");
		assertThatException()
			.isThrownBy(() -> template((command) -> command.set("shutdown.terminationGracePeriodSeconds", "20")))
			.withMessageContaining("terminationGracePeriodSeconds must exceed");
	}

	@Test
	void notesTellHowToReachTheGatewayAndReadTheAdminPassword() {
		String notes = new Helm(CHART).install()
			.withName("edge")
			.withNamespace("gateway")
			.dryRun()
			.clientOnly()
			.call()
			.getOutput();
		assertThat(notes).contains("kubectl port-forward -n gateway service/edge-portcullis 8080:80")
			.contains("kubectl port-forward -n gateway service/edge-portcullis 8081:8081")
			.contains("kubectl get secret -n gateway edge-portcullis-admin -o jsonpath='{.data.admin-password}'")
			.contains("No route is configured yet");
		String ingressNotes = new Helm(CHART).install()
			.withName("edge")
			.withNamespace("gateway")
			.set("ingress.enabled", "true")
			.set("admin.existingSecret", "ops-admin")
			.dryRun()
			.clientOnly()
			.call()
			.getOutput();
		assertThat(ingressNotes).contains("http://gateway.example.com/")
			.contains("kubectl get secret -n gateway ops-admin");
	}

	@Test
	void chartAppVersionIsTheProjectVersion() throws IOException {
		Map<String, Object> chart = Manifests
			.asMap(Manifests.newYaml().load(Files.readString(CHART.resolve("Chart.yaml"))));
		String pom = Files.readString(Paths.get("pom.xml"));
		String projectVersion = pom.replaceFirst("(?s).*?</parent>.*?<version>([^<]+)</version>.*", "$1");
		assertThat(chart.get("appVersion")).isEqualTo(projectVersion);
	}

	private static String b64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static void deepMerge(Map<String, Object> target, Map<String, Object> overrides) {
		overrides.forEach((key, value) -> {
			if (value instanceof Map<?, ?> && target.get(key) instanceof Map<?, ?>) {
				deepMerge(Manifests.asMap(target.get(key)), Manifests.asMap(value));
			}
			else {
				target.put(key, (value instanceof Map<?, ?>) ? new LinkedHashMap<>(Manifests.asMap(value)) : value);
			}
		});
	}

}
