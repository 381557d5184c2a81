package dev.portcullis.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;

/** The files the deployment tests read, relative to the project directory. */
final class DeploymentFiles {

	private DeploymentFiles() {
	}

	static String read(String path) {
		try {
			return Files.readString(Paths.get(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Map<String, Object> yaml(String path) {
		return Manifests.asMap(Manifests.newYaml().load(read(path)));
	}

	/**
	 * The application's packaged defaults, {@code src/main/resources/application.yml}.
	 */
	static Map<String, Object> applicationYaml() {
		return yaml("src/main/resources/application.yml");
	}

}
