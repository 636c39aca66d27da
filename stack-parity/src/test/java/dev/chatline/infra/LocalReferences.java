package dev.chatline.infra;

import dev.chatline.provisioning.ProvisionedResources;
import dev.chatline.config.ChatConfig;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.auth.LocalTokenAuthority;
import dev.chatline.local.iam.Permission;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.CfnElement;

/**
 * The synthesized template's references, resolved to what the local runtime has for the same resource: a queue,
 * topic, table or bucket becomes the one the runtime provisioned from the same definition, the WebSocket API the
 * runtime's gateway stage, the Cognito user pool the runtime's development token authority, the Firebase secret a
 * secret in moto holding the stack's placeholder. With it the template's function environments can be given to the
 * local runtime, and its IAM statements compared with the local IAM check.
 */
final class LocalReferences {
    private static final String FUNCTION_PREFIX = "chatline-prod-";
    private final Synth.Synthesized synth;
    private final LocalRuntime runtime;
    private final String firebaseSecretArn;
    private final Map<String, String> bucketNames = new HashMap<>();

    LocalReferences(Synth.Synthesized synth, LocalRuntime runtime, String firebaseSecretArn) {
        this.synth = synth;
        this.runtime = runtime;
        this.firebaseSecretArn = firebaseSecretArn;
        ChatlineStack stack = synth.stack();
        stack.media().buckets().forEach((def, bucket) -> bucketNames.put(
                stack.resolve(stack.getLogicalId((CfnElement) bucket.getNode().getDefaultChild())).toString(),
                runtime.resources().bucketName(def)));
    }

    /**
     * Function name → the variables the template gives it, resolved, plus two a deployed function has besides:
     * {@value ChatConfig#REGION} (Lambda sets it) and {@value ChatConfig#AWS_ENDPOINT} (moto instead of real AWS).
     */
    Map<String, Map<String, String>> functionEnvironments() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        catalogFunctions().forEach(fn -> {
            String name = ((String) props(fn).get("FunctionName")).substring(FUNCTION_PREFIX.length());
            Map<String, String> env = new LinkedHashMap<>();
            variables(fn).forEach((variable, value) -> env.put(variable, environmentValue(name, variable, value)));
            env.put(ChatConfig.REGION, runtime.lambdaHost().options().region());
            env.put(ChatConfig.AWS_ENDPOINT, runtime.backend().awsEndpoint().orElseThrow().toString());
            out.put(name, env);
        });
        return out;
    }

    /** The permissions the IAM policies of a function's role allow, named as the local check names them. */
    Set<Permission> rolePermissions(String functionName, List<String> ignoredServices) {
        Map<String, Object> fn = catalogFunctions().stream()
                .filter(r -> (FUNCTION_PREFIX + functionName).equals(props(r).get("FunctionName")))
                .findFirst().orElseThrow();
        Object roleId = ((List<?>) ((Map<?, ?>) props(fn).get("Role")).get("Fn::GetAtt")).get(0);
        Set<Permission> out = new HashSet<>();
        synth.resources("AWS::IAM::Policy").values().stream()
                .filter(p -> ((List<?>) props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(p -> ((List<?>) ((Map<?, ?>) props(p).get("PolicyDocument")).get("Statement")).stream())
                .map(s -> (Map<?, ?>) s)
                .forEach(statement -> list(statement.get("Action")).stream().map(String::valueOf)
                        .filter(action -> !ignoredServices.contains(action.substring(0, action.indexOf(':'))))
                        .forEach(action -> list(statement.get("Resource")).forEach(resource ->
                                out.add(new Permission(action, iamResource(resource))))));
        return out;
    }

    /** The stack's functions of the catalog (not the CDK's own, such as the bucket auto-delete provider). */
    private List<Map<String, Object>> catalogFunctions() {
        return synth.resources("AWS::Lambda::Function").values().stream()
                .filter(fn -> String.valueOf(props(fn).get("FunctionName")).startsWith(FUNCTION_PREFIX)).toList();
    }

    private String environmentValue(String function, String variable, Object value) {
        if (value instanceof String literal) {
            return literal;
        }
        String id = referencedResource(value).orElseThrow(() -> new IllegalArgumentException(
                function + ": cannot resolve " + variable + " = " + value));
        return switch (type(id)) {
            case "AWS::SQS::Queue" -> queue(id).url();
            case "AWS::SNS::Topic" -> topicArn(id);
            case "AWS::S3::Bucket" -> bucketNames.get(id);
            case "AWS::SecretsManager::Secret" -> firebaseSecretArn;
            case "AWS::ApiGatewayV2::Api" -> runtime.connectionsEndpoint().toString();
            case "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient" -> localTokenSetting(variable);
            default -> throw new IllegalArgumentException(function + ": no local equivalent for " + variable
                    + " = " + value);
        };
    }

    /** The stack's user pool is the runtime's development token authority. */
    private String localTokenSetting(String variable) {
        return switch (variable) {
            case ChatConfig.JWKS_URL -> runtime.devUrl("jwks.json");
            case ChatConfig.JWT_ISSUER -> LocalTokenAuthority.ISSUER;
            case ChatConfig.JWT_AUDIENCE -> LocalTokenAuthority.AUDIENCE;
            default -> throw new IllegalArgumentException("no local token setting " + variable);
        };
    }

    private String iamResource(Object resource) {
        String id = referencedResource(resource).orElseThrow(() -> new IllegalArgumentException(
                "cannot resolve IAM resource " + resource));
        return switch (type(id)) {
            case "AWS::DynamoDB::Table" -> (String) props(id).get("TableName"); // its indexes are the table here
            case "AWS::SQS::Queue" -> (String) props(id).get("QueueName");
            case "AWS::SNS::Topic" -> topicArn(id);
            case "AWS::S3::Bucket" -> bucketNames.get(id);
            case "AWS::SecretsManager::Secret" -> firebaseSecretArn;
            case "AWS::ApiGatewayV2::Api" -> Permission.CONNECTIONS;
            default -> throw new IllegalArgumentException("no local equivalent for IAM resource " + resource);
        };
    }

    private ProvisionedResources.Queue queue(String id) {
        return runtime.resources().queues().values().stream()
                .filter(q -> q.def().physicalName(runtime.resources().stage()).equals(props(id).get("QueueName")))
                .findFirst().orElseThrow();
    }

    private String topicArn(String id) {
        return runtime.resources().topics().values().stream()
                .filter(t -> t.def().physicalName(runtime.resources().stage()).equals(props(id).get("TopicName")))
                .map(ProvisionedResources.Topic::arn).findFirst().orElseThrow();
    }

    /** The first {@code Ref}/{@code Fn::GetAtt} in the expression that names a resource (not a pseudo parameter). */
    private Optional<String> referencedResource(Object expression) {
        if (expression instanceof Map<?, ?> map) {
            Object ref = map.get("Ref");
            if (ref != null && all().containsKey(ref.toString())) {
                return Optional.of(ref.toString());
            }
            Object getAtt = map.get("Fn::GetAtt");
            if (getAtt instanceof List<?> att && all().containsKey(att.get(0).toString())) {
                return Optional.of(att.get(0).toString());
            }
            return map.values().stream().map(this::referencedResource).flatMap(Optional::stream).findFirst();
        }
        if (expression instanceof List<?> list) {
            return list.stream().map(this::referencedResource).flatMap(Optional::stream).findFirst();
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> all() {
        return (Map<String, Object>) synth.json().get("Resources");
    }

    private String type(String id) {
        return (String) ((Map<?, ?>) all().get(id)).get("Type");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> props(String id) {
        return props((Map<String, Object>) all().get(id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> function) {
        Map<String, Object> environment = (Map<String, Object>) props(function).get("Environment");
        return environment == null ? Map.of() : (Map<String, Object>) environment.get("Variables");
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of(value);
    }
}
