package dev.chatline.local.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code context.getLogger()} of a hosted function: writes to slf4j logger {@code lambda.<name>}. */
final class Slf4jLambdaLogger implements LambdaLogger {
    private final Logger log;

    Slf4jLambdaLogger(String functionName) {
        this.log = LoggerFactory.getLogger("lambda." + functionName);
    }

    @Override
    public void log(String message) {
        log.info(strip(message));
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void log(String message, LogLevel level) {
        String line = strip(message);
        switch (level) {
            case TRACE -> log.trace(line);
            case DEBUG -> log.debug(line);
            case WARN -> log.warn(line);
            case ERROR, FATAL -> log.error(line);
            default -> log.info(line);
        }
    }

    private static String strip(String message) {
        return message != null && message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
    }
}
