package dev.chatline.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration the runtime hands to the functions it hosts. {@code ChatConfig} reads environment variables
 * and then JVM system properties; a process cannot change its own environment, so the runtime sets system
 * properties, and {@link #restore()} puts back what was there before (tests start several runtimes in one JVM).
 */
final class SystemProperties {
    private final Map<String, String> previous = new LinkedHashMap<>();

    /** Sets (null: clears) {@code key}; {@link #restore()} puts back its value from before the first set. */
    void set(String key, String value) {
        if (!previous.containsKey(key)) { // not putIfAbsent: an absent property's previous value is null
            previous.put(key, System.getProperty(key));
        }
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    void setAll(Map<String, String> values) {
        values.forEach(this::set);
    }

    void restore() {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        previous.clear();
    }
}
