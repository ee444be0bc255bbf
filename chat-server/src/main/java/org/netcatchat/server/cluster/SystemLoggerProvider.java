package org.netcatchat.server.cluster;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.io.Serial;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An SLF4J provider that writes to {@link System.Logger}: Jedis logs through SLF4J, and this makes its lines
 * ours (the server's {@code StderrLoggerFinder}: one format, {@code --log-level}, {@code --log-format}). Found by
 * SLF4J's {@code ServiceLoader} ({@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}) the first time
 * Jedis asks for a logger, so only a cluster node loads it.
 *
 * <p>Why our own: the SLF4J module named {@code slf4j-jdk-platform-logging} bridges the other way (System.Logger
 * to SLF4J) and, on the class path, would replace the server's LoggerFinder; Central has no provider in this
 * direction. Thread-safe.
 */
public final class SystemLoggerProvider implements SLF4JServiceProvider {
    private final ConcurrentMap<String, org.slf4j.Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, ToSystemLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    /** One SLF4J logger over the System.Logger of the same name. */
    private static final class ToSystemLogger extends LegacyAbstractLogger {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient System.Logger target;

        ToSystemLogger(String name) {
            this.name = name;
            this.target = System.getLogger(name);
        }

        @Override
        public boolean isTraceEnabled() {
            return target.isLoggable(System.Logger.Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return target.isLoggable(System.Logger.Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return target.isLoggable(System.Logger.Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return target.isLoggable(System.Logger.Level.WARNING);
        }

        @Override
        public boolean isErrorEnabled() {
            return target.isLoggable(System.Logger.Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null; // SLF4J's contract: no caller data
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            System.Logger.Level to = switch (level) {
                case TRACE -> System.Logger.Level.TRACE;
                case DEBUG -> System.Logger.Level.DEBUG;
                case INFO -> System.Logger.Level.INFO;
                case WARN -> System.Logger.Level.WARNING;
                case ERROR -> System.Logger.Level.ERROR;
            };
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            if (throwable == null) {
                target.log(to, message);
            } else {
                target.log(to, message, throwable);
            }
        }
    }
}
