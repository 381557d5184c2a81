package dev.portcullis.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Collects the lines written on the {@code portcullis.access} logger while attached.
 */
public final class AccessLogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Logger logger;

	private AccessLogCapture() {
		this.logger = (Logger) LoggerFactory.getLogger("portcullis.access");
	}

	public static AccessLogCapture attach() {
		AccessLogCapture capture = new AccessLogCapture();
		capture.start();
		capture.logger.addAppender(capture);
		return capture;
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.lines.add(event.getFormattedMessage());
	}

	public List<String> lines() {
		return List.copyOf(this.lines);
	}

	/** The lines that mention {@code text}, such as a request id. */
	public List<String> linesWith(String text) {
		return this.lines.stream().filter((line) -> line.contains(text)).toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this);
		stop();
	}

}
