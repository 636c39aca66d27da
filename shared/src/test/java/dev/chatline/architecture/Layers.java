package dev.chatline.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Set;

/** The roles the architecture rules of every module name, stated once. */
public final class Layers {
    private Layers() {
    }

    /**
     * The adapters of one AWS service each that are not stores (no table of their own): @connections, the fan-out
     * queue (send, change visibility), the relay queues of peer cells, Lambda invokes of their cellCall function, SNS push requests, S3 presigning, CloudFront signing, and the rate limiter
     * (it owns the rate-limits table under another name). Keep this list short: a new AWS call belongs in a store
     * or in one of these.
     */
    public static final Set<String> AWS_ADAPTERS = Set.of(
            "dev.chatline.connection.ConnectionSender",
            "dev.chatline.fanout.FanoutQueue",
            "dev.chatline.fanout.QueueRedelivery",
            "dev.chatline.fanout.PushPublisher",
            "dev.chatline.media.S3MediaUrls",
            "dev.chatline.media.CloudFrontDownloadUrls",
            "dev.chatline.ratelimit.RateLimiter",
            "dev.chatline.relay.RelayQueue",
            "dev.chatline.relay.LambdaCellCalls");

    /** The AWS adapter package: client factory, batch and paging helpers, attribute helpers, backoff. */
    public static final String AWS_PACKAGE = "dev.chatline.aws..";

    public static final String AWS_SDK = "software.amazon.awssdk..";

    /** The object graphs (production's wiring, which tests build too): they build stores from clients. */
    public static final String WIRING_PACKAGE = "dev.chatline.wiring..";

    /** A store (one per table) or any part of one (its nested records and builders). */
    public static final DescribedPredicate<JavaClass> STORES = partOfClassNamed("Store");

    /** Any part of one of {@link #AWS_ADAPTERS}. */
    public static final DescribedPredicate<JavaClass> ADAPTERS = DescribedPredicate.describe("part of an AWS adapter",
            c -> AWS_ADAPTERS.contains(topLevel(c).getName()));

    /** One of {@link #AWS_ADAPTERS} itself (not the records it declares, e.g. the push request it publishes). */
    public static final DescribedPredicate<JavaClass> ADAPTER_CLASSES = DescribedPredicate.describe("an AWS adapter",
            c -> AWS_ADAPTERS.contains(c.getName()));

    /** The class itself, or for a nested, local or anonymous class the top-level class that holds it. */
    public static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    /** Classes whose top-level class is named {@code *suffix}. */
    public static DescribedPredicate<JavaClass> partOfClassNamed(String suffix) {
        return DescribedPredicate.describe("part of a class named *" + suffix,
                c -> topLevel(c).getSimpleName().endsWith(suffix));
    }
}
