package dev.chatline.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chatline.schema.QueueShards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the app the way {@code cdk synth} does (context from {@code cdk.json}, cdk-nag applied) once per
 * JVM and variant, and writes each template, the root's and every nested stack's, to {@code target/cdk.out/} for
 * cfn-lint ({@code scripts/cfn-lint.sh}).
 */
final class Synth {
    static final Path CDK_OUT = Path.of("target", "cdk.out");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static Synthesized defaults;
    private static Synthesized production;
    private static Synthesized sharded;
    private static Synthesized largest;
    private static Cells twoCells;
    /** The context value of {@link #twoCells()}: two cells in two accounts and regions. */
    static final String TWO_CELLS = "a:eu-west-1:111122223333,b:us-east-1:444455556666";
    /** The fan-out shards of {@link #sharded()}. */
    static final int SHARDS = 3;

    /**
     * A synthesized stage: {@code templates} holds each CloudFormation template by name ({@value #ROOT}, then each
     * nested stack's construct id); {@code json} and {@code template} are the merged view the template tests read:
     * the stage as if it were one template, cross-stack references resolved ({@link #merge}).
     * {@code annotations} are the root stack artifact's, which carry the nested stacks' findings too.
     */
    record Synthesized(ChatlineStack stack, Template template, Annotations annotations, Path templateFile,
                       Map<String, Object> json, Map<String, Map<String, Object>> templates) {
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

    /** A multi-cell synthesis: the directory stack's template and annotations, and each cell's stage. */
    record Cells(DirectoryStack directory, Map<String, Object> directoryJson, Annotations directoryAnnotations,
                 List<Synthesized> cells) {
        /** The directory's resources of one type by logical id. */
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> directoryResources(String type) {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            ((Map<String, Object>) directoryJson.get("Resources")).forEach((id, r) -> {
                if (type.equals(((Map<String, Object>) r).get("Type"))) {
                    out.put(id, (Map<String, Object>) r);
                }
            });
            return out;
        }
    }

    /** The name of the root stack's template in {@link Synthesized#templates()}. */
    static final String ROOT = "root";

    private Synth() {
    }

    /** {@code -c fanoutShards=}{@value QueueShards#MAX_SHARDS} with the production settings: the largest stage. */
    static synchronized Synthesized largest() {
        if (largest == null) {
            Map<String, Object> context = new HashMap<>(PRODUCTION_CONTEXT);
            context.put("fanoutShards", QueueShards.MAX_SHARDS);
            largest = synthesize(context, "largest");
        }
        return largest;
    }

    /** The defaults with {@code -c cells=}{@value #TWO_CELLS}: a directory stack and two cell stacks. */
    static synchronized Cells twoCells() {
        if (twoCells == null) {
            App app = app(Map.of(CellTopology.CONTEXT_KEY, TWO_CELLS));
            ChatlineApp.CellDeployment deployment = ChatlineApp.createCells(app);
            Map<String, Object> directory = Template.fromStack(deployment.directory()).toJSON();
            write(CDK_OUT.resolve(deployment.directory().getStackName() + "-cells.template.json"), directory);
            twoCells = new Cells(deployment.directory(), directory, Annotations.fromStack(deployment.directory()),
                    deployment.cells().stream().map(stack -> of(stack, "cells")).toList());
        }
        return twoCells;
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
    private static final Map<String, Object> PRODUCTION_CONTEXT = Map.of("production", "true", "stage", "live",
            "jwksUrl", "https://issuer.example.com/.well-known/jwks.json",
            "jwtIssuer", "https://issuer.example.com", "jwtAudience", "chatline-app",
            "alarmEmail", "oncall@example.com", "mediaSigningPublicKey", MEDIA_SIGNING_PUBLIC_KEY,
            "mediaSigningKeySecretArn", MEDIA_SIGNING_SECRET_ARN, "lambdaConcurrency", "3000",
            "tableWarmThroughput", "40000:20000");

    /**
     * production=true, stage "live", an external JWT issuer instead of Cognito, an alarm e-mail, CloudFront-signed
     * media downloads, a raised Lambda concurrency and pre-warmed message-path tables.
     */
    static synchronized Synthesized production() {
        if (production == null) {
            production = synthesize(PRODUCTION_CONTEXT, "production");
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
        return of(ChatlineApp.createStack(app(overrides)), variant);
    }

    /** The stage's templates, written to {@link #CDK_OUT} as {@code <stack>-<variant>[.<nested>].template.json}. */
    static Synthesized of(ChatlineStack stack, String variant) {
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        templates.put(ROOT, Template.fromStack(stack).toJSON());
        for (NestedStack nested : stack.nestedStacks()) {
            templates.put(nested.getNode().getId(), Template.fromStack(nested).toJSON());
        }
        Map<String, Object> merged = merge(stack, templates);
        Annotations annotations = Annotations.fromStack(stack);
        Path file = CDK_OUT.resolve(stack.getStackName() + "-" + variant + ".template.json");
        for (Map.Entry<String, Map<String, Object>> t : templates.entrySet()) {
            write(ROOT.equals(t.getKey()) ? file
                    : CDK_OUT.resolve(stack.getStackName() + "-" + variant + "." + t.getKey() + ".template.json"),
                    t.getValue());
        }
        return new Synthesized(stack, Template.fromJSON(merged), annotations, file, merged, templates);
    }

    private static void write(Path file, Map<String, Object> template) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stage as one template: every template's resources in one map (a logical id used twice fails), with the
     * root's outputs, and each cross-stack reference resolved back to what it points at, as it read before the
     * split: a nested stack's parameter becomes the value the root passes it, and a nested stack's output read with
     * {@code Fn::GetAtt} becomes that output's value.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(ChatlineStack stack, Map<String, Map<String, Object>> templates) {
        Map<String, String> nestedByLogicalId = new LinkedHashMap<>();
        for (NestedStack nested : stack.nestedStacks()) {
            nestedByLogicalId.put(stack.resolve(stack.getLogicalId(nested.getNestedStackResource())).toString(),
                    nested.getNode().getId());
        }
        CrossStackReferences references = new CrossStackReferences(templates, nestedByLogicalId);
        Map<String, Object> resources = new LinkedHashMap<>();
        templates.forEach((name, t) -> ((Map<String, Object>) t.get("Resources")).forEach((id, r) -> {
            if (resources.put(id, references.resolve(r, name)) != null) {
                throw new IllegalStateException("logical id " + id + " is in two templates (" + name + ")");
            }
        }));
        Map<String, Object> merged = new LinkedHashMap<>(templates.get(ROOT));
        merged.put("Resources", resources);
        merged.put("Outputs", references.resolve(templates.get(ROOT).getOrDefault("Outputs", Map.of()), ROOT));
        return merged;
    }

    /** Resolves the parameters and outputs CDK generates for references between the root and its nested stacks. */
    private record CrossStackReferences(Map<String, Map<String, Object>> templates,
                                        Map<String, String> nestedByLogicalId) {
        private static final String OUTPUTS = "Outputs.";

        @SuppressWarnings("unchecked")
        Object resolve(Object value, String template) {
            if (value instanceof Map<?, ?> map) {
                if (map.size() == 1 && map.get("Ref") instanceof String ref) {
                    Object passed = parameterValue(template, ref);
                    return passed == null ? value : resolve(passed, ROOT);
                }
                if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> att && ROOT.equals(template)
                        && nestedByLogicalId.containsKey(att.get(0)) && att.get(1).toString().startsWith(OUTPUTS)) {
                    String nested = nestedByLogicalId.get(att.get(0));
                    Map<String, Object> outputs = (Map<String, Object>) templates.get(nested).get("Outputs");
                    Map<String, Object> output = (Map<String, Object>) outputs.get(
                            att.get(1).toString().substring(OUTPUTS.length()));
                    return resolve(output.get("Value"), nested);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k.toString(), resolve(v, template)));
                return out;
            }
            if (value instanceof List<?> list) {
                return list.stream().map(v -> resolve(v, template)).toList();
            }
            return value;
        }

        /** What the root passes the nested stack {@code template} as parameter {@code name}; null if nothing. */
        @SuppressWarnings("unchecked")
        private Object parameterValue(String template, String name) {
            if (ROOT.equals(template)) {
                return null;
            }
            String logicalId = nestedByLogicalId.entrySet().stream().filter(e -> e.getValue().equals(template))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            Map<String, Object> resource = (Map<String, Object>) ((Map<String, Object>) templates.get(ROOT)
                    .get("Resources")).get(logicalId);
            Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
            Map<String, Object> parameters = (Map<String, Object>) properties.getOrDefault("Parameters", Map.of());
            return parameters.get(name);
        }
    }
}
