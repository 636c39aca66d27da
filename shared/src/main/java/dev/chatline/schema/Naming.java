package dev.chatline.schema;

import java.util.regex.Pattern;

/** Physical resource names: {@code chatline-<stage>-<logical>}. */
public final class Naming {
    public static final String PREFIX = "chatline";
    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9-]{0,19}");

    private Naming() {
    }

    public static String resourceName(String stage, String logicalName) {
        if (!STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("stage must match " + STAGE + ": " + stage);
        }
        return PREFIX + "-" + stage + "-" + logicalName;
    }
}
