package bench.scg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A bare Spring Cloud Gateway with default settings and one route from application.yml:
 * the baseline for bench/run.sh.
 */
@SpringBootApplication
public class BareGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareGatewayApplication.class, args);
	}

}
