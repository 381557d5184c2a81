package dev.portcullis.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty's leak detector reports a buffer that was never released
 * while it ran. Detection rides on garbage collection, so after each class this forces a
 * few collections and allocations for the detector to report what it found. It can miss a
 * leak, but what it reports is real. Registered for every test class through JUnit's
 * extension auto-detection.
 */
public class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

	private static final Logger detectorLogger = (Logger) LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector");

	private static final LeakAppender leaks = new LeakAppender();

	static {
		leaks.start();
		detectorLogger.addAppender(leaks);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		leaks.reports.clear();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		for (int i = 0; i < 3; i++) {
			System.gc();
			for (int j = 0; j < 8; j++) {
				ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(16);
				probe.release();
			}
		}
		List<String> found = List.copyOf(leaks.reports);
		leaks.reports.clear();
		if (!found.isEmpty()) {
			throw new AssertionError(found.size() + " Netty buffer leak(s) reported while " + context.getDisplayName()
					+ " ran; the first:\n" + found.get(0));
		}
	}

	private static final class LeakAppender extends AppenderBase<ILoggingEvent> {

		private final List<String> reports = new CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getFormattedMessage().contains("LEAK")) {
				this.reports.add(event.getFormattedMessage());
			}
		}

	}

}
