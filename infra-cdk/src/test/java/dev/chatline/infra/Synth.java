package dev.chatline.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the app the way {@code cdk synth} does (context from {@code cdk.json}, cdk-nag applied) once per
 * JVM and variant, and writes each template to {@code target/cdk.out/} for cfn-lint ({@code scripts/cfn-lint.sh}).
 */
final class Synth {
    static final Path CDK_OUT = Path.of("target", "cdk.out");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static Synthesized defaults;
    private static Synthesized production;
    private static Synthesized sharded;
    /** The fan-out shards of {@link #sharded()}. */
    static final int SHARDS = 3;

    /** A synthesized stack with its template and annotations. */
    record Synthesized(ChatlineStack stack, Template template, Annotations annotations, Path templateFile,
                       Map<String, Object> json) {
        /** Every resource by logical id. */
        @SuppressWarnings("unchecked")
        Map<String, Object> resources() {
            return (Map<String, Object>) json.get("Resources");
        }

        /** Resources of one type by logical id (from the JSON read once: each toJSON() crosses into Node). */
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources(String type) {
            Map<String, Object> all = (Map<String, Object>) json.get("Resources");
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            all.forEach((id, r) -> {
                Map<String, Object> resource = (Map<String, Object>) r;
                if (type.equals(resource.get("Type"))) {
                    out.put(id, resource);
                }
            });
            return out;
        }
    }

    private Synth() {
    }

    /** The defaults of cdk.json: stage prod, not production, the stack's own Cognito user pool. */
    static synchronized Synthesized defaults() {
        if (defaults == null) {
            defaults = synthesize(Map.of(), "default");
        }
        return defaults;
    }

    /** The defaults with a fan-out queue of {@value #SHARDS} shards ({@code -c fanoutShards=3}). */
    static synchronized Synthesized sharded() {
        if (sharded == null) {
            sharded = synthesize(Map.of("fanoutShards", SHARDS), "sharded");
        }
        return sharded;
    }

    /** A CloudFront public key (PEM) for the production variant's media signing. */
    static final String MEDIA_SIGNING_PUBLIC_KEY = """
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA8R/XHt5a6LzvsTSGGWKw
            oznEsNskog9Nq8k4grIKsO79NfwCQqIglWopEOG1foKUrChpECh/pELAWAGKpicr
            46+LYgdiFUne6YOBcWFjdDaM/AdP0yXZjtJmSflBo4Q9H7g5mcxzfi9vzDWgx1Bi
            uG/b4RFZlU5HalGCh4BN5fabXWR19PV+WXHPJPSQzGPTjt+hUvcvhlk94QebCBJF
            Bnu5nl6yoOqNiixl3/wdC6q1mdEWILmeFfjKn9z0SPF1H9Xo6BGWj1zHOrEth7Qf
            tBhNlQ9CY8dt2V9PwC/NUGEIN4K5Fs+Ws2Zb4EvWIAF0kuKN0wDtlrSVnH3lG3Ee
            2QIDAQAB
            -----END PUBLIC KEY-----
            """;
    static final String MEDIA_SIGNING_SECRET_ARN =
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:chatline-live-media-signing-AbCdEf";

    /**
     * production=true, stage "live", an external JWT issuer instead of Cognito, an alarm e-mail, CloudFront-signed
     * media downloads, a raised Lambda concurrency and pre-warmed message-path tables.
     */
    static synchronized Synthesized production() {
        if (production == null) {
            production = synthesize(Map.of("production", "true", "stage", "live",
                    "jwksUrl", "https://issuer.example.com/.well-known/jwks.json",
                    "jwtIssuer", "https://issuer.example.com", "jwtAudience", "chatline-app",
                    "alarmEmail", "oncall@example.com", "mediaSigningPublicKey", MEDIA_SIGNING_PUBLIC_KEY,
                    "mediaSigningKeySecretArn", MEDIA_SIGNING_SECRET_ARN, "lambdaConcurrency", "3000",
                    "tableWarmThroughput", "40000:20000"), "production");
        }
        return production;
    }

    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = JSON.readValue(Path.of("cdk.json").toFile(),
                    new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static App app(Map<String, Object> overrides) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.putAll(overrides);
        return App.Builder.create().context(context).build();
    }

    private static Synthesized synthesize(Map<String, Object> overrides, String variant) {
        App app = app(overrides);
        ChatlineStack stack = ChatlineApp.createStack(app);
        Template template = Template.fromStack(stack);
        Annotations annotations = Annotations.fromStack(stack);
        Map<String, Object> json = template.toJSON();
        Path file = CDK_OUT.resolve(stack.getStackName() + "-" + variant + ".template.json");
        try {
            Files.createDirectories(CDK_OUT);
            JSON.writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Synthesized(stack, template, annotations, file, json);
    }
}
