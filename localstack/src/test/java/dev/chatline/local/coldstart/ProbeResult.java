package dev.chatline.local.coldstart;

import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one probe measured (milliseconds): JVM start (the driver's spawn) → probe main, the handler's construction,
 * start → handler constructed, the CRaC hooks (NaN without priming), the first and second invocation, and what the
 * first invocation answered; with {@code -Xlog:class+load}, the classes each phase loaded.
 */
record ProbeResult(double startToMain, double init, double startToConstructed, double prime, double first,
                   double second, String outcome, int cracResources, ClassLoadLog classes) {
    private static final Pattern FRAME = Pattern.compile("\\\\\"type\\\\\":\\\\\"(\\w+)\\\\\"");
    private static final Pattern CODE = Pattern.compile("\\\\\"code\\\\\":\\\\\"(\\w+)\\\\\"");
    private static final Pattern EFFECT = Pattern.compile("\"Effect\":\"(\\w+)\"");
    private static final Pattern STATUS = Pattern.compile("\"statusCode\":(\\d+)");

    /** A probe that did not finish: no times, the reason as its answer. */
    static ProbeResult failed(String why) {
        return new ProbeResult(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why, 0, null);
    }

    static ProbeResult from(Properties p, ClassLoadLog classes) {
        return new ProbeResult(num(p, "startToMainMs"), num(p, "initMs"), num(p, "startToConstructedMs"),
                num(p, "primeMs"), num(p, "firstMs"), num(p, "secondMs"), summary(p.getProperty("firstOutcome", "")),
                Integer.parseInt(p.getProperty("cracResources", "0")), classes);
    }

    private static double num(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    /** {@code ack}, {@code error NOT_FOUND}, {@code Allow}, {@code batch 0 failed}, {@code 200}, {@code null}... */
    static String summary(String json) {
        if (json.startsWith("exception")) {
            return json.length() > 60 ? json.substring(0, 60) : json;
        }
        Matcher type = FRAME.matcher(json);
        if (type.find()) {
            Matcher code = CODE.matcher(json);
            return "error".equals(type.group(1)) && code.find() ? "error " + code.group(1) : type.group(1);
        }
        Matcher effect = EFFECT.matcher(json);
        if (effect.find()) {
            return effect.group(1);
        }
        if (json.contains("batchItemFailures")) {
            return "batch, " + (json.split("itemIdentifier", -1).length - 1) + " failed";
        }
        Matcher status = STATUS.matcher(json);
        return status.find() ? status.group(1) : json;
    }
}
