package dev.chatline.functions.catalog;

/**
 * A deployment artifact: one shaded jar holding the handlers of the functions that use it and only the libraries
 * those handlers need (built by {@code functions/pom.xml}, one shade execution per constant, into
 * {@code functions/target/lambda/}). Every {@link FunctionDef} names its artifact; the CDK stack deploys each
 * function from exactly that jar, and the infra-cdk tests load every handler from its jar alone.
 * See docs/architecture.md ("Packaging").
 */
public enum Artifact {
    /** The {@code $connect} authorizer: JWT verification (nimbus-jose-jwt), no AWS SDK. */
    AUTHORIZER("authorizer"),
    /** WebSocket routes and the fan-out consumer: DynamoDB, SQS, SNS and the {@code @connections} API. */
    CORE("core"),
    /** Media routes: the core libraries plus the S3 presigner, CloudFront URL signing and Secrets Manager. */
    MEDIA("media"),
    /** The push sender: the core libraries plus Firebase Admin (FCM) and Secrets Manager. */
    PUSH("push");

    /** Where the build writes the artifacts, relative to the functions module's {@code target} directory. */
    public static final String DIRECTORY = "lambda";

    private final String id;

    Artifact(String id) {
        this.id = id;
    }

    /** Short name: {@code core}, {@code media}... */
    public String id() {
        return id;
    }

    /** The jar's file name in {@link #DIRECTORY}: {@code chatline-<id>.jar}. */
    public String fileName() {
        return "chatline-" + id + ".jar";
    }
}
